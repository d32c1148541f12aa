package io.imagebatch.gateway;

/**
 * Token usage reported by a gateway, normalised across the images API
 * ({@code input_tokens_details}) and chat completions
 * ({@code completion_tokens_details.image_tokens}).
 *
 * @param inputTextTokens prompt text tokens
 * @param inputImageTokens input image tokens (edits)
 * @param outputImageTokens generated image tokens
 * @param outputTextTokens generated text tokens (chat models)
 */
public record Usage(long inputTextTokens, long inputImageTokens, long outputImageTokens, long outputTextTokens) {

}
