package io.imagebatch.catalog;

/**
 * Which gateway endpoint serves a model.
 */
public enum Endpoint {

	/** {@code POST /images/generations}: images in {@code data[]}. */
	IMAGES,

	/** {@code POST /chat/completions}: images as data URLs in the assistant message. */
	CHAT

}
