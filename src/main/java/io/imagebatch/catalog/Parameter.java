package io.imagebatch.catalog;

import java.util.List;
import java.util.function.Function;

/**
 * The request parameters whose value must be one of a list the model offers. A model that
 * offers none does not take the parameter at all.
 */
public enum Parameter {

	/** {@code quality}. */
	QUALITY("quality", ModelSpec::qualities),

	/** {@code style}. */
	STYLE("style", ModelSpec::styles),

	/** {@code background}. */
	BACKGROUND("background", ModelSpec::backgrounds),

	/** {@code moderation}. */
	MODERATION("moderation", ModelSpec::moderations),

	/** {@code output_format}. */
	OUTPUT_FORMAT("output_format", ModelSpec::outputFormats),

	/** {@code response_format}. */
	RESPONSE_FORMAT("response_format", ModelSpec::responseFormats);

	private final String field;

	private final Function<ModelSpec, List<String>> offered;

	Parameter(String field, Function<ModelSpec, List<String>> offered) {
		this.field = field;
		this.offered = offered;
	}

	/**
	 * The name of the field in a request body (and of the column of an input row).
	 * @return the field name, such as {@code output_format}
	 */
	public String field() {
		return this.field;
	}

	List<String> offeredBy(ModelSpec spec) {
		return this.offered.apply(spec);
	}

}
