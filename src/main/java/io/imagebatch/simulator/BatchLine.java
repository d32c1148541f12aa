package io.imagebatch.simulator;

import java.io.IOException;

import tools.jackson.databind.JsonNode;

/**
 * One request of a batch executed the way a synchronous call is answered, minus what only
 * a connection has (latency, rate limits, dropped or dripping answers): the body is
 * parsed and checked by the same parser, credit is paid, the error rate and the content
 * filter strike, and the images are rendered and recorded in the ledger. The answer goes
 * to the output file when 2xx, to the error file otherwise.
 */
final class BatchLine {

	private final BatchProcessor.Context context;

	private final SimulatedBatch batch;

	BatchLine(BatchProcessor.Context context, SimulatedBatch batch) {
		this.context = context;
		this.batch = batch;
	}

	void execute(String customId, JsonNode body, BatchResultFile output, BatchResultFile errors) throws IOException {
		SimulatorProperties settings = this.context.settings().current();
		SimulatorLedger ledger = this.context.ledger();
		ImageGeneration generation = this.context.generation();
		boolean images = BatchProcessor.IMAGES_ENDPOINT.equals(this.batch.endpoint());
		ledger.recordRequest();
		try {
			byte[] bytes = this.context.json().writeValueAsBytes(body);
			GenerationRequest request = images ? this.context.parser().parse(bytes, false)
					: this.context.parser().parseChat(bytes);
			generation.reserveCredit(request.n(), settings);
			boolean paid = false;
			try {
				if (this.context.settings().dice().roll(settings, 0).serverError() != 0) {
					throw ImageGeneration.serverError(500);
				}
				ImageGeneration.rejectByContentPolicy(request.prompt(), settings);
				AnswerBody answer = images ? generation.images(request, settings) : generation.chat(request, settings);
				paid = true;
				output.answered(customId, 200, answer);
				this.batch.count(true);
			}
			finally {
				if (!paid) {
					generation.refundCredit(request.n());
				}
			}
		}
		catch (SimulatorError ex) {
			refused(customId, ex, errors);
		}
		catch (RuntimeException ex) {
			// An input line must never stop the batch, whatever it holds.
			refused(customId, new SimulatorError(500, "internal_server_error", "internal_error",
					"The simulator failed: " + ex.getClass().getSimpleName()), errors);
		}
	}

	private void refused(String customId, SimulatorError error, BatchResultFile errors) throws IOException {
		this.context.ledger().recordError(error.status());
		ErrorAnswer answer = new ErrorAnswer(new ErrorAnswer.Fields(error.type(), error.code(), error.getMessage()));
		errors.answered(customId, error.status(), AnswerBody.of(this.context.json().writeValueAsBytes(answer)));
		this.batch.count(false);
	}

}
