package io.imagebatch.web;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A request body that could not be read as JSON of the shape asked for, told as a client
 * can act on it: the field at fault, as the JSON names it ({@code overlap},
 * {@code defaults.n}), and what it should hold ("one of SKIP, QUEUE", "a number"). No
 * Java class name leaves the server.
 *
 * @param field the field at fault, when it is known
 * @param detail what is wrong, starting with the field
 */
record UnreadableBody(@Nullable String field, String detail) {

	static UnreadableBody of(Throwable failure) {
		JacksonException json = jacksonCause(failure);
		if (json == null) {
			return new UnreadableBody(null, "the body cannot be read: send JSON");
		}
		String field = fieldOf(json);
		String what = expected(json);
		return new UnreadableBody(field, (field != null) ? field + ": " + what : what);
	}

	private static @Nullable JacksonException jacksonCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException json) {
				return json;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	/** The path of the field being read: from the exception, or where the parser was. */
	private static @Nullable String fieldOf(JacksonException json) {
		List<JacksonException.Reference> path = json.getPath();
		if (!path.isEmpty()) {
			return joined(path.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.toList());
		}
		if (json.processor() instanceof JsonParser parser && parser.streamReadContext() != null) {
			String pointer = parser.streamReadContext().pathAsPointer().toString();
			return pointer.isEmpty() ? null : joined(Arrays.asList(pointer.substring(1).split("/")));
		}
		return null;
	}

	private static @Nullable String joined(List<String> segments) {
		String joined = segments.stream()
			.filter((segment) -> !segment.isEmpty())
			.collect(Collectors.joining("."))
			.replace(".[", "[");
		return joined.isEmpty() ? null : joined;
	}

	private static String expected(JacksonException json) {
		if (json instanceof StreamReadException) {
			TokenStreamLocation location = json.getLocation();
			return "the body is not valid JSON" + ((location != null && location.getLineNr() > 0)
					? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "");
		}
		Class<?> type = (json instanceof MismatchedInputException mismatch) ? mismatch.getTargetType() : null;
		String given = (json instanceof InvalidFormatException invalid && invalid.getValue() != null)
				? "'" + shown(invalid.getValue()) + "' is not " : "expected ";
		if (type == null) {
			return "a value of another type is expected here";
		}
		if (type.isEnum()) {
			return given + "one of "
					+ Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
		}
		if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
			return given + "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return given + "true or false";
		}
		if (type == String.class) {
			return "expected a string";
		}
		if (List.class.isAssignableFrom(type) || type.isArray()) {
			return "expected a list";
		}
		return "expected an object";
	}

	/** A client's value, bounded and printable, as a message may repeat it. */
	private static String shown(Object value) {
		String text = String.valueOf(value).replaceAll("\\p{Cntrl}", "?");
		return (text.length() > 100) ? text.substring(0, 100) + "…" : text;
	}

}
