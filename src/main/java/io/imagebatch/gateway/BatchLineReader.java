package io.imagebatch.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.BiConsumer;

import io.imagebatch.system.Spool;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads one line of a provider batch's output or error file:
 * {@code {"custom_id","response":{"status_code","body"},"error"}}, its fields in any
 * order. The line is read as a stream that skips the answer's body unread, noting only
 * where it starts and ends; a successful body is then copied, within
 * {@code max-response-size}, into a spool and read by the {@link AnswerParser} exactly
 * like the answer of a synchronous call. No image string is ever held as text.
 */
final class BatchLineReader {

	/** Longer ids are not ids this client wrote. */
	static final int MAX_CUSTOM_ID_LENGTH = 1000;

	private final String gateway;

	private final long maxResponseBytes;

	private final AnswerParser answers;

	private final JsonFactory json;

	BatchLineReader(String gateway, long maxResponseBytes, long maxImageBytes) {
		this.gateway = gateway;
		this.maxResponseBytes = maxResponseBytes;
		this.answers = new AnswerParser(maxImageBytes);
		// only short strings are read as text (ids, codes, messages); the rest is skipped
		this.json = JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(ErrorAnswers.MAX_ERROR_BODY).build())
			.build();
	}

	/** What the line says about its request. */
	BatchLineOutcome outcomeOf(Spool line) {
		Line read = new Line();
		try (InputStream in = line.open(); JsonParser parser = this.json.createParser(in)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return new BatchLineOutcome.Unreadable(null, "the line is not a JSON object");
			}
			readLine(parser, read);
		}
		catch (JacksonException | IOException ex) {
			return new BatchLineOutcome.Unreadable(read.customId,
					"the line is not complete JSON (" + ex.getClass().getSimpleName() + ")");
		}
		if (read.customId == null) {
			return new BatchLineOutcome.Unreadable(null,
					(read.customIdTooLong)
							? "the line's custom_id is longer than " + MAX_CUSTOM_ID_LENGTH + " characters"
							: "the line has no custom_id");
		}
		if (read.response) {
			return answered(line, read);
		}
		if (read.error) {
			return new BatchLineOutcome.NotRun(read.customId, read.errorCode,
					(read.errorMessage != null) ? read.errorMessage : "not run (" + read.errorCode + ")");
		}
		return new BatchLineOutcome.Unreadable(read.customId, "the line has neither a response nor an error");
	}

	private BatchLineOutcome answered(Spool line, Line read) {
		String customId = read.customId;
		if (read.status == null) {
			return new BatchLineOutcome.Unreadable(customId, "the line's response has no status_code");
		}
		int status = read.status;
		if (status / 100 != 2) {
			String code = (read.bodyErrorCode != null) ? read.bodyErrorCode : read.bodyErrorType;
			String message = (read.bodyErrorMessage != null) ? read.bodyErrorMessage : "HTTP " + status;
			return new BatchLineOutcome.Failed(customId,
					new GatewayException(GatewayErrors.classify(status, code), status, code, message));
		}
		if (read.bodyStart < 0 || read.bodyEnd <= read.bodyStart) {
			return failed(customId, new GatewayException(ErrorKind.TRANSIENT, status, "invalid_response",
					"Gateway '" + this.gateway + "' answered in its batch with a body that is not a JSON object"));
		}
		long size = read.bodyEnd - read.bodyStart;
		if (size > this.maxResponseBytes) {
			return failed(customId,
					new GatewayException(ErrorKind.REJECTED, status, "response_too_large",
							"Gateway '" + this.gateway + "' answered in its batch with " + size + " bytes, more than "
									+ this.maxResponseBytes + " (max-response-size)"));
		}
		try (Spool body = copy(line, read.bodyStart, size)) {
			return new BatchLineOutcome.Answered(customId, this.answers.parse(body, read.chat, this.gateway));
		}
		catch (GatewayException ex) {
			return failed(customId, ex);
		}
		catch (IOException ex) {
			return failed(customId,
					new GatewayException(ErrorKind.TRANSIENT, status, "invalid_response",
							"Gateway '" + this.gateway + "' answered in its batch with a body that could not be read ("
									+ ErrorAnswers.describe(ex) + ")",
							null, ex));
		}
	}

	/** The request was run and charged for; only its answer is unusable. */
	private static BatchLineOutcome failed(String customId, GatewayException ex) {
		return new BatchLineOutcome.Failed(customId, ex.paid() ? ex : ex.asPaid());
	}

	private static Spool copy(Spool line, long start, long size) throws IOException {
		Spool body = Spool.create(size);
		try (InputStream in = line.open()) {
			in.skipNBytes(start);
			byte[] buffer = new byte[64 * 1024];
			long left = size;
			while (left > 0) {
				int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
				if (read == -1) {
					throw new IOException("the line ended inside the body");
				}
				body.write(buffer, 0, read);
				left -= read;
			}
			return body;
		}
		catch (IOException | RuntimeException ex) {
			body.close();
			throw ex;
		}
	}

	/** The line's top level: {@code custom_id}, {@code response}, {@code error}. */
	private void readLine(JsonParser parser, Line read) {
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("custom_id".equals(field) && value == JsonToken.VALUE_STRING) {
				String customId = parser.getString();
				read.customIdTooLong = customId.length() > MAX_CUSTOM_ID_LENGTH;
				read.customId = (read.customIdTooLong || customId.isEmpty()) ? null : customId;
			}
			else if ("response".equals(field) && value == JsonToken.START_OBJECT) {
				read.response = true;
				readResponse(parser, read);
			}
			else if ("error".equals(field) && value == JsonToken.START_OBJECT) {
				read.error = true;
				readError(parser, (name, text) -> {
					if ("code".equals(name)) {
						read.errorCode = text;
					}
					else if ("message".equals(name)) {
						read.errorMessage = text;
					}
				});
			}
			else {
				parser.skipChildren();
			}
		}
	}

	private void readResponse(JsonParser parser, Line read) {
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("status_code".equals(field) && value == JsonToken.VALUE_NUMBER_INT
					&& parser.getNumberType() == JsonParser.NumberType.INT) {
				read.status = parser.getIntValue();
			}
			else if ("body".equals(field) && value == JsonToken.START_OBJECT) {
				read.bodyStart = parser.currentTokenLocation().getByteOffset();
				readBody(parser, read);
				read.bodyEnd = parser.currentTokenLocation().getByteOffset() + 1;
			}
			else {
				parser.skipChildren();
			}
		}
	}

	/**
	 * The body's top level, everything below it skipped unread but {@code error}'s short
	 * fields, and whether it is a chat answer.
	 */
	private void readBody(JsonParser parser, Line read) {
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("choices".equals(field)) {
				read.chat = true;
				parser.skipChildren();
			}
			else if ("error".equals(field) && value == JsonToken.START_OBJECT) {
				readError(parser, (name, text) -> {
					switch (name) {
						case "code" -> read.bodyErrorCode = text;
						case "type" -> read.bodyErrorType = text;
						case "message" -> read.bodyErrorMessage = text;
						default -> {
						}
					}
				});
			}
			else {
				parser.skipChildren();
			}
		}
	}

	/** The string fields of an error object; anything else skipped. */
	private static void readError(JsonParser parser, BiConsumer<String, String> field) {
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			if (parser.nextToken() == JsonToken.VALUE_STRING) {
				field.accept(name, parser.getString());
			}
			else {
				parser.skipChildren();
			}
		}
	}

	/** What was read of a line so far. */
	private static final class Line {

		private @Nullable String customId;

		private boolean customIdTooLong;

		private boolean response;

		private @Nullable Integer status;

		private long bodyStart = -1;

		private long bodyEnd = -1;

		private boolean chat;

		private @Nullable String bodyErrorCode;

		private @Nullable String bodyErrorType;

		private @Nullable String bodyErrorMessage;

		private boolean error;

		private @Nullable String errorCode;

		private @Nullable String errorMessage;

	}

}
