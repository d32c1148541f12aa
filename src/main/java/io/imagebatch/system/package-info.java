@NullMarked
package io.imagebatch.system;

import org.jspecify.annotations.NullMarked;
