package io.imagebatch.gateway;

/**
 * One request as a line of a provider batch carries it.
 *
 * @param url the API path the line and its batch name, e.g.
 * {@code /v1/images/generations}
 * @param body the JSON object a synchronous call would send, with images asked inline
 * wherever the model can send them so
 */
public record BatchRequest(String url, byte[] body) {

}
