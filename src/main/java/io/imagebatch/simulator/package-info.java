/**
 * The built-in OpenAI-compatible image gateway simulator: real HTTP on the loopback
 * interface, validation from the model catalog, PNGs that show their prompt, expiring
 * {@code url} images and a ledger of everything generated. Used when no gateway is
 * configured, by {@code imagebatch simulator}, and by every test that needs a gateway.
 */
@NullMarked
package io.imagebatch.simulator;

import org.jspecify.annotations.NullMarked;
