package io.imagebatch.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.imagebatch.simulator.BatchFiles.StoredFile;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one batch on its own virtual thread: validates every line of the input file, then
 * executes each line as a synchronous call would be answered (the same parser, credit,
 * error-rate fault, content filter, rendering and ledger; no latency and no rate limit),
 * writing the answers to the output and error files as it goes, and ends the batch
 * completed, expired, cancelled or failed.
 */
final class BatchProcessor implements Runnable {

	/** What the Batch API takes in one file. */
	static final int MAX_REQUESTS = 50_000;

	/** A synchronous body and the line around it. */
	private static final int MAX_LINE = SimulatorHandler.MAX_BODY_BYTES + 64 * 1024;

	private static final int MAX_CUSTOM_ID = 1024;

	/** Enough to show what is wrong with a file without listing every line of it. */
	private static final int MAX_ERRORS = 100;

	static final String IMAGES_ENDPOINT = "/v1/images/generations";

	static final String CHAT_ENDPOINT = "/v1/chat/completions";

	private static final String EXPIRED_MESSAGE = "This request could not be executed before the completion window expired.";

	private static final String CANCELLED_MESSAGE = "This request was not executed because the batch was cancelled.";

	private final Context context;

	private final SimulatedBatch batch;

	private final StoredFile input;

	BatchProcessor(Context context, SimulatedBatch batch, StoredFile input) {
		this.context = context;
		this.batch = batch;
		this.input = input;
	}

	@Override
	public void run() {
		// Opened once: the input file may be deleted while the batch runs.
		try (FileChannel channel = FileChannel.open(this.input.path())) {
			List<BatchAnswer.LineError> errors = new ArrayList<>();
			long requests = validate(Channels.newInputStream(channel), errors);
			if (!errors.isEmpty()) {
				this.batch.fail(errors, now());
				return;
			}
			this.batch.start(requests, now());
			channel.position(0);
			execute(Channels.newInputStream(channel), requests);
		}
		catch (InterruptedException ex) {
			// Only stopping the simulator interrupts.
			Thread.currentThread().interrupt();
			this.batch.fail(List.of(problem("simulator_stopped", "The simulator stopped.")), now());
		}
		catch (IOException | RuntimeException ex) {
			this.batch.fail(List.of(problem("processing_failed",
					"The simulator failed to process the batch: " + ex.getClass().getSimpleName())), now());
		}
	}

	/**
	 * @return the number of requests, with every problem found added to {@code errors}
	 */
	private long validate(InputStream in, List<BatchAnswer.LineError> errors) throws IOException {
		BatchLineReader reader = new BatchLineReader(in, MAX_LINE);
		Set<String> customIds = new HashSet<>();
		int lineNumber = 0;
		long requests = 0;
		try {
			byte[] line;
			while ((line = reader.next()) != null && errors.size() < MAX_ERRORS) {
				lineNumber++;
				if (blank(line)) {
					continue;
				}
				if (++requests > MAX_REQUESTS) {
					errors.add(new BatchAnswer.LineError("too_many_requests",
							"A batch takes at most " + MAX_REQUESTS + " requests.", null, lineNumber));
					break;
				}
				BatchAnswer.LineError error = check(line, lineNumber, customIds);
				if (error != null) {
					errors.add(error);
				}
			}
		}
		catch (BatchLineReader.LineTooLong ex) {
			errors.add(new BatchAnswer.LineError("line_too_long",
					"Line " + (lineNumber + 1) + " is longer than " + MAX_LINE + " bytes.", null, lineNumber + 1));
		}
		if (requests == 0 && errors.isEmpty()) {
			errors.add(problem("empty_file", "The input file has no requests."));
		}
		return requests;
	}

	private BatchAnswer.@Nullable LineError check(byte[] line, int lineNumber, Set<String> customIds) {
		JsonNode root;
		try {
			root = this.context.json().readTree(line);
		}
		catch (JacksonException ex) {
			return new BatchAnswer.LineError("invalid_json_line", "Line " + lineNumber + " is not valid JSON.", null,
					lineNumber);
		}
		if (root == null || !root.isObject()) {
			return new BatchAnswer.LineError("invalid_json_line", "Line " + lineNumber + " is not a JSON object.", null,
					lineNumber);
		}
		JsonNode customId = root.get("custom_id");
		if (customId == null || !customId.isString() || customId.stringValue().isEmpty()
				|| customId.stringValue().length() > MAX_CUSTOM_ID) {
			return new BatchAnswer.LineError("invalid_custom_id",
					"Line " + lineNumber + " needs a custom_id of 1 to " + MAX_CUSTOM_ID + " characters.", "custom_id",
					lineNumber);
		}
		if (!customIds.add(customId.stringValue())) {
			return new BatchAnswer.LineError("duplicate_custom_id",
					"The custom_id of line " + lineNumber + " is used by an earlier line.", "custom_id", lineNumber);
		}
		JsonNode method = root.get("method");
		if (method == null || !"POST".equals(method.asString(""))) {
			return new BatchAnswer.LineError("invalid_method", "Line " + lineNumber + " must have method POST.",
					"method", lineNumber);
		}
		JsonNode url = root.get("url");
		if (url == null || !this.batch.endpoint().equals(url.asString(""))) {
			return new BatchAnswer.LineError("invalid_url",
					"The url of line " + lineNumber + " must be the batch's endpoint " + this.batch.endpoint() + ".",
					"url", lineNumber);
		}
		JsonNode body = root.get("body");
		if (body == null || !body.isObject()) {
			return new BatchAnswer.LineError("invalid_body", "Line " + lineNumber + " needs a JSON object as body.",
					"body", lineNumber);
		}
		return null;
	}

	private void execute(InputStream in, long requests) throws IOException, InterruptedException {
		SimulatorProperties atStart = this.context.settings().current();
		long started = System.nanoTime();
		long processingNanos = atStart.batchProcessingTime().toNanos();
		int expireAfter = atStart.batchExpireAfterLines();
		BatchFiles files = this.context.files();
		Path outputPath = files.newPath("output");
		Path errorPath = files.newPath("errors");
		boolean expired = false;
		boolean registered = false;
		try {
			try (BatchResultFile output = new BatchResultFile(outputPath, this.context.json());
					BatchResultFile errors = new BatchResultFile(errorPath, this.context.json())) {
				BatchLineReader reader = new BatchLineReader(in, MAX_LINE);
				long index = 0;
				long executed = 0;
				byte[] line;
				while ((line = reader.next()) != null) {
					if (blank(line)) {
						continue;
					}
					if (Thread.interrupted()) {
						throw new InterruptedException("The simulator is stopping");
					}
					JsonNode root = this.context.json().readTree(line);
					String customId = root.get("custom_id").stringValue();
					boolean expires = expireAfter >= 0 && executed >= expireAfter;
					if (!expires && processingNanos > 0) {
						// Spread over the processing time, so a batch can be cancelled
						// part way.
						this.batch.awaitUnlessCancelled(started + (long) ((double) processingNanos * index / requests));
					}
					index++;
					if (this.batch.cancelling()) {
						errors.notExecuted(customId, "batch_cancelled", CANCELLED_MESSAGE);
					}
					else if (expires) {
						expired = true;
						errors.notExecuted(customId, "batch_expired", EXPIRED_MESSAGE);
					}
					else {
						new BatchLine(this.context, this.batch).execute(customId, root.get("body"), output, errors);
						executed++;
					}
				}
				if (!expired && processingNanos > 0) {
					this.batch.awaitUnlessCancelled(started + processingNanos);
				}
				this.batch.finalizing(now());
				output.close();
				errors.close();
				String outputId = register(output, "output");
				String errorId = register(errors, "error");
				registered = true;
				this.batch.end(outputId, errorId, expired, now());
			}
		}
		finally {
			if (!registered) {
				BatchFiles.deleteQuietly(outputPath);
				BatchFiles.deleteQuietly(errorPath);
			}
		}
	}

	/**
	 * @return the file's id, or {@code null} for a file without lines
	 */
	private @Nullable String register(BatchResultFile file, String kind) throws IOException {
		if (file.lines() == 0) {
			BatchFiles.deleteQuietly(file.path());
			return null;
		}
		return this.context.files()
			.add(this.batch.id() + "_" + kind + ".jsonl", BatchFiles.BATCH_OUTPUT, file.path())
			.id();
	}

	private static boolean blank(byte[] line) {
		for (byte b : line) {
			if (b != ' ' && b != '\t' && b != '\r') {
				return false;
			}
		}
		return true;
	}

	private static BatchAnswer.LineError problem(String code, String message) {
		return new BatchAnswer.LineError(code, message, null, null);
	}

	private long now() {
		return this.context.clock().instant().getEpochSecond();
	}

	/** What every batch of a running simulator shares with its synchronous calls. */
	record Context(LiveSettings settings, GenerationRequestParser parser, ImageGeneration generation,
			SimulatorLedger ledger, BatchFiles files, JsonMapper json, Clock clock) {

	}

}
