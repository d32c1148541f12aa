package io.imagebatch.input;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.imagebatch.catalog.Model;
import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.catalog.ModelSpec;
import io.imagebatch.catalog.Parameter;
import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.storage.ObjectKeyTemplate;
import org.jspecify.annotations.Nullable;

/**
 * Turns a row into a request the row's model accepts, or into an invalid row with the
 * first reason it cannot be sent. What a model accepts is asked of the
 * {@link ModelCatalog}'s {@link Model}, the rules the simulator asks too; nothing about
 * models is known here. What is typed in a row is first brought to the form a gateway
 * reads (lower case; a size without spaces, {@code ×} as {@code x}).
 * <p>
 * A value in the row beats a default; a default beats the model's own default size and
 * quality; {@code n} is 1 when nothing sets it. Enumerated values (size, quality, style,
 * background, moderation, output format, response format) are compared and sent in lower
 * case. Columns that are not request fields are kept as metadata.
 * <p>
 * Before any of that, every value is held to the limits it meets later (see
 * {@link ColumnRule}): control characters, and lengths the item table can hold; after it,
 * the keys of the row's images to what a store takes. A row can therefore be invalid, but
 * never fail the load step that stores it; an invalid row itself comes back in a form an
 * item can hold.
 */
public final class RowValidator {

	private static final Set<String> REQUEST_COLUMNS = Set.of("id", "prompt", "model", "size", "quality", "style", "n",
			"background", "moderation", "output_format", "response_format", "user", "safety_identifier", "image");

	private static final int SHOWN_OF_A_REFUSED_ID = 64;

	private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]+");

	private final ModelCatalog catalog;

	private final ObjectKeyTemplate keys;

	/**
	 * @param catalog what each model accepts
	 * @param keys the object keys the row's images will be stored under, which a store
	 * refuses beyond a length
	 */
	public RowValidator(ModelCatalog catalog, ObjectKeyTemplate keys) {
		this.catalog = catalog;
		this.keys = keys;
	}

	/**
	 * Validate what the reader returned; a malformed record is invalid as it stands.
	 * @param result a row or a malformed record
	 * @param defaults values for columns the row leaves empty
	 * @return the validated row
	 */
	public ValidatedRow validate(ReadResult result, RowDefaults defaults) {
		return switch (result) {
			case ReadResult.Row row -> validate(row.row(), defaults);
			case ReadResult.Malformed malformed -> ValidatedRow.Invalid.of(malformed);
		};
	}

	/**
	 * Validate one row.
	 * @param row the row
	 * @param defaults values for columns the row leaves empty
	 * @return a valid row with its request, or an invalid row with one reason
	 */
	public ValidatedRow validate(PromptRow row, RowDefaults defaults) {
		String id = valueOf(row, "id");
		String externalId = (id != null) ? id : String.valueOf(row.line());
		try {
			checkText(row);
			ImageRequest request = requestFor(row, defaults);
			checkFitsAnItem(request);
			Map<String, String> metadata = metadataOf(row);
			checkObjectKeys(externalId, request, metadata);
			return new ValidatedRow.Valid(row.line(), externalId, request, metadata);
		}
		catch (Rejected ex) {
			return new ValidatedRow.Invalid(row.line(), storableId(id, row.line()), ex.getMessage(),
					storable(row.columns()));
		}
	}

	/**
	 * Every value against what it meets later (see {@link ColumnRule}), in column order,
	 * before anything else: a value the database or a terminal would choke on must not
	 * reach either, even inside a reason.
	 */
	private static void checkText(PromptRow row) {
		row.columns().forEach((column, value) -> {
			String name = REQUEST_COLUMNS.contains(column) || "gateway".equals(column) ? column
					: "column '" + ControlCharacters.quoted(column) + "'";
			String problem = ColumnRule.of(column).problemWith(name, value.strip());
			if (problem != null) {
				throw new Rejected(problem);
			}
		});
	}

	/**
	 * The values the request takes from defaults and the model catalog meet the item's
	 * columns too: a catalog value too long for them is refused here rather than failing
	 * the load.
	 */
	private static void checkFitsAnItem(ImageRequest request) {
		Map<String, @Nullable String> values = new LinkedHashMap<>();
		values.put("model", request.model());
		values.put("size", request.size());
		values.put("quality", request.quality());
		values.put("style", request.style());
		values.put("background", request.background());
		values.put("moderation", request.moderation());
		values.put("output_format", request.outputFormat());
		values.put("response_format", request.responseFormat());
		values.forEach((column, value) -> {
			String problem = (value != null)
					? ColumnRule.of(column).problemWith(column + " '" + ControlCharacters.quoted(value) + "'", value)
					: null;
			if (problem != null) {
				throw new Rejected(problem);
			}
		});
	}

	/**
	 * The id (and any column the key template names) becomes part of the images' keys; a
	 * key the store would refuse must fail the row now, before its call is paid for.
	 */
	private void checkObjectKeys(String externalId, ImageRequest request, Map<String, String> metadata) {
		this.keys.whyTooLong(externalId, request.n(), request.model(), request.size(), request.quality(), metadata)
			.ifPresent((why) -> {
				throw new Rejected("the object key would be too long: " + why);
			});
	}

	/**
	 * The id an invalid row is stored under: its own when an item can hold it, else a
	 * readable start of it made unique by the line, as a repeated id is.
	 */
	private static String storableId(@Nullable String id, long line) {
		if (id == null) {
			return String.valueOf(line);
		}
		if (ColumnRule.of("id").accepts(id)) {
			return id;
		}
		StringBuilder start = new StringBuilder();
		id.codePoints().limit(SHOWN_OF_A_REFUSED_ID).forEach((c) -> {
			if (Character.getType(c) == Character.CONTROL) {
				start.append(ControlCharacters.REPLACEMENT);
			}
			else {
				start.appendCodePoint(c);
			}
		});
		return start + "…@line" + line;
	}

	/**
	 * The columns of an invalid row as read, but for NUL, which PostgreSQL cannot hold.
	 */
	private static Map<String, String> storable(Map<String, String> columns) {
		Map<String, String> storable = new LinkedHashMap<>();
		columns.forEach((column, value) -> storable.put(column, ControlCharacters.withoutNul(value)));
		return Collections.unmodifiableMap(storable);
	}

	// The checks run in a fixed order so that a row always gets the same, most basic
	// reason first: one reason per row keeps the failure report groupable.
	private ImageRequest requestFor(PromptRow row, RowDefaults defaults) {
		String prompt = valueOf(row, "prompt");
		if (prompt == null) {
			throw new Rejected("prompt is empty");
		}
		String modelId = firstOf(valueOf(row, "model"), blankToNull(defaults.model()));
		if (modelId == null) {
			throw new Rejected("no model: add a 'model' column or pass --model");
		}
		Model model = this.catalog.find(modelId)
			.orElseThrow(() -> new Rejected("unknown model '%s'; known models: %s"
				.formatted(ControlCharacters.quoted(modelId), String.join(", ", this.catalog.ids()))));
		ModelSpec spec = model.spec();
		int n = numberOfImages(row, defaults, model);
		String size = size(row, defaults, model);
		String quality = choose(Choice.QUALITY, row, defaults, model);
		if (quality == null) {
			quality = spec.defaultQuality();
		}
		String style = choose(Choice.STYLE, row, defaults, model);
		String background = choose(Choice.BACKGROUND, row, defaults, model);
		String moderation = choose(Choice.MODERATION, row, defaults, model);
		String outputFormat = choose(Choice.OUTPUT_FORMAT, row, defaults, model);
		String responseFormat = choose(Choice.RESPONSE_FORMAT, row, defaults, model);
		if (!model.acceptsPrompt(prompt)) {
			throw new Rejected("prompt has %d characters; %s accepts at most %d".formatted(Model.promptLength(prompt),
					model.id(), spec.maxPromptLength()));
		}
		if (!Model.backgroundFitsFormat(background, outputFormat)) {
			throw new Rejected("a transparent background needs png or webp output");
		}
		String user = firstOf(valueOf(row, "user"), valueOf(row, "safety_identifier"));
		String image = valueOf(row, "image");
		if (image != null && !model.acceptsImage()) {
			throw new Rejected("image (editing an input image) is not supported by %s".formatted(model.id()));
		}
		return new ImageRequest(modelId, prompt, n, size, quality, style, background, moderation, outputFormat,
				responseFormat, user, image);
	}

	private int numberOfImages(PromptRow row, RowDefaults defaults, Model model) {
		String text = valueOf(row, "n");
		String got;
		long n;
		if (text != null) {
			if (!WHOLE_NUMBER.matcher(text).matches()) {
				throw new Rejected("n must be a whole number, got '%s'".formatted(ControlCharacters.quoted(text)));
			}
			// anything this long is out of range anyway; keep it from overflowing
			n = (text.length() > 9) ? Long.MAX_VALUE : Long.parseLong(text);
			got = text;
		}
		else if (defaults.n() != null) {
			n = defaults.n();
			got = n + " (from --n)";
		}
		else {
			return 1;
		}
		int maxN = model.spec().maxN();
		if (!model.acceptsN(n)) {
			throw new Rejected((maxN == 1) ? "n must be 1 for %s, got %s".formatted(model.id(), got)
					: "n must be between 1 and %d for %s, got %s".formatted(maxN, model.id(), got));
		}
		return (int) n;
	}

	private @Nullable String size(PromptRow row, RowDefaults defaults, Model model) {
		ModelSpec spec = model.spec();
		String fromRow = sizeValue(valueOf(row, "size"));
		if (fromRow != null) {
			checkSize(fromRow, "", model);
			return fromRow;
		}
		String fromDefaults = sizeValue(blankToNull(defaults.size()));
		if (fromDefaults != null && model.takesSize()) {
			checkSize(fromDefaults, " (from --size)", model);
			return fromDefaults;
		}
		return spec.defaultSize();
	}

	private void checkSize(String size, String origin, Model model) {
		if (model.acceptsSize(size)) {
			return;
		}
		ModelSpec spec = model.spec();
		if (!model.takesSize()) {
			throw new Rejected("size is not supported by %s".formatted(model.id()));
		}
		List<String> options = new ArrayList<>(spec.sizes());
		if (spec.customSizes()) {
			options.add("any WIDTHxHEIGHT up to %d pixels a side".formatted(spec.maxCustomSide()));
		}
		throw new Rejected("size %s%s is not offered by %s; choose %s".formatted(ControlCharacters.quoted(size), origin,
				model.id(), alternatives(options)));
	}

	/**
	 * The row's value, else the default when the model takes the field at all. A default
	 * for a field the model does not take is left out rather than failing the row.
	 */
	private @Nullable String choose(Choice choice, PromptRow row, RowDefaults defaults, Model model) {
		String fromRow = lowerCase(valueOf(row, choice.column()));
		if (fromRow != null) {
			check(choice, fromRow, "", model);
			return fromRow;
		}
		String fromDefaults = lowerCase(blankToNull(choice.fromDefaults(defaults)));
		if (fromDefaults != null && model.takes(choice.parameter)) {
			check(choice, fromDefaults, " (from " + choice.option + ")", model);
			return fromDefaults;
		}
		return null;
	}

	private static void check(Choice choice, String value, String origin, Model model) {
		if (!model.takes(choice.parameter)) {
			throw new Rejected("%s is not supported by %s".formatted(choice.column(), model.id()));
		}
		if (!model.accepts(choice.parameter, value)) {
			throw new Rejected("%s '%s'%s is not offered by %s; choose %s".formatted(choice.column(),
					ControlCharacters.quoted(value), origin, model.id(),
					alternatives(model.offered(choice.parameter))));
		}
	}

	private static Map<String, String> metadataOf(PromptRow row) {
		Map<String, String> metadata = new LinkedHashMap<>();
		row.columns().forEach((column, value) -> {
			if (!REQUEST_COLUMNS.contains(column)) {
				metadata.put(column, value.strip());
			}
		});
		return Collections.unmodifiableMap(metadata);
	}

	private static @Nullable String valueOf(PromptRow row, String column) {
		return blankToNull(row.columns().get(column));
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static @Nullable String firstOf(@Nullable String first, @Nullable String second) {
		return (first != null) ? first : second;
	}

	private static @Nullable String lowerCase(@Nullable String value) {
		return (value != null) ? value.toLowerCase(Locale.ROOT) : null;
	}

	// '1024 X 1024' and '1024×1024' are what people type for 1024x1024
	private static @Nullable String sizeValue(@Nullable String value) {
		return (value != null) ? value.toLowerCase(Locale.ROOT).replace('×', 'x').replace(" ", "") : null;
	}

	private static String alternatives(List<String> options) {
		if (options.size() == 1) {
			return options.get(0);
		}
		return String.join(", ", options.subList(0, options.size() - 1)) + " or " + options.get(options.size() - 1);
	}

	/**
	 * The enumerated request fields that are checked alike: a catalog {@link Parameter}
	 * (whose field name is the column) and its command-line option.
	 */
	private enum Choice {

		QUALITY(Parameter.QUALITY, "--quality", RowDefaults::quality),

		STYLE(Parameter.STYLE, "--style", RowDefaults::style),

		BACKGROUND(Parameter.BACKGROUND, "--background", RowDefaults::background),

		MODERATION(Parameter.MODERATION, "--moderation", RowDefaults::moderation),

		OUTPUT_FORMAT(Parameter.OUTPUT_FORMAT, "--output-format", RowDefaults::outputFormat),

		RESPONSE_FORMAT(Parameter.RESPONSE_FORMAT, "--response-format", RowDefaults::responseFormat);

		private final Parameter parameter;

		private final String option;

		private final Function<RowDefaults, @Nullable String> defaults;

		Choice(Parameter parameter, String option, Function<RowDefaults, @Nullable String> defaults) {
			this.parameter = parameter;
			this.option = option;
			this.defaults = defaults;
		}

		String column() {
			return this.parameter.field();
		}

		@Nullable String fromDefaults(RowDefaults rowDefaults) {
			return this.defaults.apply(rowDefaults);
		}

	}

	/**
	 * Why a row cannot be sent; caught within this class only, so it carries no stack
	 * trace.
	 */
	private static final class Rejected extends RuntimeException {

		Rejected(String reason) {
			super(reason, null, false, false);
		}

	}

}
