@NullMarked
package io.imagebatch.input;

import org.jspecify.annotations.NullMarked;
