@NullMarked
package io.imagebatch.cost;

import org.jspecify.annotations.NullMarked;
