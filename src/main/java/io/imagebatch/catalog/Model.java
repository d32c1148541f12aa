package io.imagebatch.catalog;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A model of the catalog: its id and what it accepts. The rules here are the only ones:
 * the input validator, the gateway client and the simulator all ask them, so a row is
 * refused exactly when a gateway would refuse the request made of it.
 * <p>
 * Values are compared as sent: in lower case, without spaces or leading zeros. Whoever
 * reads values typed by people normalises them before asking.
 *
 * @param id the catalog id, without provider prefix
 * @param spec what the model accepts
 */
public record Model(String id, ModelSpec spec) {

	/**
	 * A custom size as a gateway reads one: two positive whole numbers without leading
	 * zeros. Nine digits at most keep the numbers in an {@code int}; any limit is far
	 * below that.
	 */
	private static final Pattern CUSTOM_SIZE = Pattern.compile("([1-9][0-9]{0,8})x([1-9][0-9]{0,8})");

	/**
	 * The format a model answers in when the request names none: {@code url} where
	 * offered, else the first it offers; a model that offers none answers like the
	 * gpt-image models, in {@code b64_json}.
	 */
	private static final String FORMAT_WITHOUT_CHOICE = "b64_json";

	/**
	 * Whether the model takes a {@code size} at all.
	 * @return whether it offers sizes or accepts custom ones
	 */
	public boolean takesSize() {
		return !this.spec.sizes().isEmpty() || this.spec.customSizes();
	}

	/**
	 * Whether the model accepts a size: one it offers, or, when it takes custom sizes,
	 * {@code WIDTHxHEIGHT} with both sides within its limit.
	 * @param size the size as sent
	 * @return whether it is accepted
	 */
	public boolean acceptsSize(String size) {
		if (this.spec.sizes().contains(size)) {
			return true;
		}
		if (!this.spec.customSizes()) {
			return false;
		}
		Matcher matcher = CUSTOM_SIZE.matcher(size);
		return matcher.matches() && Integer.parseInt(matcher.group(1)) <= this.spec.maxCustomSide()
				&& Integer.parseInt(matcher.group(2)) <= this.spec.maxCustomSide();
	}

	/**
	 * Whether the model makes this many images in one call.
	 * @param n the number asked for
	 * @return whether {@code 1 <= n <= max-n}
	 */
	public boolean acceptsN(long n) {
		return n >= 1 && n <= this.spec.maxN();
	}

	/**
	 * Whether the prompt is short enough for the model.
	 * @param prompt the prompt as sent
	 * @return whether its {@link #promptLength length} is within the model's limit
	 */
	public boolean acceptsPrompt(String prompt) {
		return promptLength(prompt) <= this.spec.maxPromptLength();
	}

	/**
	 * The values the model offers for a parameter.
	 * @param parameter the parameter
	 * @return the values, empty when the model does not take the parameter
	 */
	public List<String> offered(Parameter parameter) {
		return parameter.offeredBy(this.spec);
	}

	/**
	 * Whether the model takes a parameter at all.
	 * @param parameter the parameter
	 * @return whether it offers any value for it
	 */
	public boolean takes(Parameter parameter) {
		return !offered(parameter).isEmpty();
	}

	/**
	 * Whether the model accepts a value for a parameter.
	 * @param parameter the parameter
	 * @param value the value as sent
	 * @return whether it is one the model offers
	 */
	public boolean accepts(Parameter parameter, String value) {
		return offered(parameter).contains(value);
	}

	/**
	 * Whether an input {@code image} (to edit) may be sent to the model.
	 * @return whether it accepts one
	 */
	public boolean acceptsImage() {
		return this.spec.acceptsImage();
	}

	/**
	 * The format the model answers in when the request names none.
	 * @return {@code url}, {@code b64_json} or the model's first offered format
	 */
	public String defaultResponseFormat() {
		List<String> offered = offered(Parameter.RESPONSE_FORMAT);
		if (offered.contains("url")) {
			return "url";
		}
		return offered.isEmpty() ? FORMAT_WITHOUT_CHOICE : offered.get(0);
	}

	/**
	 * The length of a prompt as gateways count it: in code points, not UTF-16 units.
	 * @param prompt the prompt
	 * @return its length
	 */
	public static int promptLength(String prompt) {
		return prompt.codePointCount(0, prompt.length());
	}

	/**
	 * Whether a background and an output format go together: a transparent background
	 * needs a format with an alpha channel, so not {@code jpeg}.
	 * @param background the background, {@code null} when none is sent
	 * @param outputFormat the output format, {@code null} when none is sent
	 * @return whether a gateway accepts the two together
	 */
	public static boolean backgroundFitsFormat(@Nullable String background, @Nullable String outputFormat) {
		return !("transparent".equals(background) && "jpeg".equals(outputFormat));
	}

}
