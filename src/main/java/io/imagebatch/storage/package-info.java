@NullMarked
package io.imagebatch.storage;

import org.jspecify.annotations.NullMarked;
