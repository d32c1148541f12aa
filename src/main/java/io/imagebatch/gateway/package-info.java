/**
 * Talking to OpenAI-compatible image gateways: the model catalog (what each model
 * accepts), the HTTP client, error classification and the download of {@code url} images.
 */
@NullMarked
package io.imagebatch.gateway;

import org.jspecify.annotations.NullMarked;
