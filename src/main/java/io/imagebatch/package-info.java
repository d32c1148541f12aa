@NullMarked
package io.imagebatch;

import org.jspecify.annotations.NullMarked;
