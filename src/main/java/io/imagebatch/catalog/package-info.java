/**
 * What each model accepts: sizes, qualities, styles, backgrounds, formats, the range of
 * {@code n}. The one place the input validator, the gateway client and the simulator ask;
 * it depends on no feature module.
 */
@NullMarked
package io.imagebatch.catalog;

import org.jspecify.annotations.NullMarked;
