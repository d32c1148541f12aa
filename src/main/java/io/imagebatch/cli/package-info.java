@NullMarked
package io.imagebatch.cli;

import org.jspecify.annotations.NullMarked;
