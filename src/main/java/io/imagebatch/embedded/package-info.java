/**
 * Dev-only stand-ins, used only when nothing real is configured: today the built-in
 * gateway simulator, supplied to the gateway client as its fallback gateway.
 */
@NullMarked
package io.imagebatch.embedded;

import org.jspecify.annotations.NullMarked;
