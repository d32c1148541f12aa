@NullMarked
package io.imagebatch.run;

import org.jspecify.annotations.NullMarked;
