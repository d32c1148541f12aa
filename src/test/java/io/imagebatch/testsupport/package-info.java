@NullMarked
package io.imagebatch.testsupport;

import org.jspecify.annotations.NullMarked;
