package io.imagebatch.gateway;

/**
 * A gateway that turns an {@link ImageRequest} into images.
 */
public interface ImageGateway {

	/**
	 * Makes one call.
	 * @param request what to generate
	 * @return the images and usage
	 * @throws GatewayException when the call produced no images
	 */
	ImageResult generate(ImageRequest request);

}
