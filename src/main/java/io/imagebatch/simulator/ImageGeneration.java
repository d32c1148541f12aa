package io.imagebatch.simulator;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * The work behind an accepted generation request, shared by synchronous calls and batch
 * lines so both render, pay, refuse and record alike: credit, the content filter, the
 * images (recorded in the {@link SimulatorLedger}) and the answer body.
 */
final class ImageGeneration {

	/**
	 * Where the {@code url} of a {@code url} image points unless {@code image-url} says.
	 */
	private static final String DEFAULT_IMAGE_URL = "{base}{path}";

	/** What chat image models report per 1024x1024 image. */
	static final long CHAT_IMAGE_TOKENS = 1290;

	/** The tokens of the short text reply that comes with the image. */
	private static final long CHAT_TEXT_TOKENS = 10;

	private final Clock clock;

	private final URI baseUri;

	private final JsonMapper json;

	private final PromptImageRenderer renderer;

	private final UrlImageStore urlImages;

	private final SimulatorLedger ledger;

	/**
	 * Images paid for (reserved before generating, refunded when the request fails),
	 * counted even without a credit limit so that one set later applies to all.
	 */
	private final AtomicLong creditSpent = new AtomicLong();

	ImageGeneration(Clock clock, URI baseUri, JsonMapper json, PromptImageRenderer renderer, UrlImageStore urlImages,
			SimulatorLedger ledger) {
		this.clock = clock;
		this.baseUri = baseUri;
		this.json = json;
		this.renderer = renderer;
		this.urlImages = urlImages;
		this.ledger = ledger;
	}

	/**
	 * Reserves credit for this many images.
	 * @throws SimulatorError 402 when the credit is spent
	 */
	void reserveCredit(int images, SimulatorProperties settings) {
		long credit = settings.creditImages();
		long spent;
		do {
			spent = this.creditSpent.get();
			if (credit >= 0 && spent + images > credit) {
				throw new SimulatorError(402, "billing_error", "billing_hard_limit_reached", "Account out of credit");
			}
		}
		while (!this.creditSpent.compareAndSet(spent, spent + images));
	}

	/** Gives back credit reserved for a request that failed. */
	void refundCredit(int images) {
		this.creditSpent.addAndGet(-images);
	}

	static SimulatorError serverError(int status) {
		return switch (status) {
			case 500 -> new SimulatorError(500, "internal_server_error", "internal_error",
					"The server had an error while processing your request. Sorry about that!");
			case 502 -> new SimulatorError(502, "upstream_error", "bad_gateway",
					"Bad gateway: the upstream provider returned an invalid response.");
			default -> new SimulatorError(503, "upstream_error", "service_unavailable",
					"The upstream provider is overloaded or unavailable. Please try again later.");
		};
	}

	/**
	 * @throws SimulatorError 400 {@code content_policy_violation} when the prompt holds
	 * the reject marker
	 */
	static void rejectByContentPolicy(String prompt, SimulatorProperties settings) {
		String marker = settings.rejectMarker();
		if (!marker.isBlank() && prompt.toLowerCase(Locale.ROOT).contains(marker.toLowerCase(Locale.ROOT))) {
			throw SimulatorError.invalidRequest("content_policy_violation",
					"Your request was rejected due to content policy violations");
		}
	}

	/** The answer of {@code /v1/images/generations}; the images go into the ledger. */
	AnswerBody images(GenerationRequest request, SimulatorProperties settings) {
		AnswerBody.Builder body = new AnswerBody.Builder();
		List<ImagesAnswer.Image> data = new ArrayList<>();
		for (int index = 0; index < request.n(); index++) {
			ServedImage served = serve(
					this.renderer.render(new PromptImageRenderer.Card(request.prompt(), request.model().id(),
							request.size(), request.quality(), index, request.n(), request.transparent())),
					settings);
			String base64 = null;
			String url = null;
			if ("b64_json".equals(request.responseFormat())) {
				base64 = body.slot(AnswerBody.base64(served));
			}
			else {
				String token = UUID.randomUUID().toString().replace("-", "");
				this.urlImages.put(token, served);
				url = imageUrl(settings, token);
			}
			String revisedPrompt = request.model().id().equals("dall-e-3")
					? "A detailed rendering of: " + request.prompt() : null;
			data.add(new ImagesAnswer.Image(base64, url, revisedPrompt));
			this.ledger.recordImage(new GeneratedRecord(request.requestedModel(), request.size(), request.quality(),
					index, request.n(), request.prompt(), request.responseFormat(), served.sha256(), served.length()));
		}
		ImagesAnswer answer = new ImagesAnswer(this.clock.instant().getEpochSecond(), data,
				request.reportsUsage() ? usage(request) : null);
		return body.build(this.json.writeValueAsBytes(answer));
	}

	/** The answer of {@code /v1/chat/completions}; the image goes into the ledger. */
	AnswerBody chat(GenerationRequest request, SimulatorProperties settings) {
		AnswerBody.Builder body = new AnswerBody.Builder();
		ServedImage served = serve(this.renderer.render(new PromptImageRenderer.Card(request.prompt(),
				request.model().id(), request.size(), null, 0, 1, false)), settings);
		this.ledger.recordImage(new GeneratedRecord(request.requestedModel(), request.size(), null, 0, 1,
				request.prompt(), request.responseFormat(), served.sha256(), served.length()));
		ChatAnswer.Image image = new ChatAnswer.Image("image_url",
				new ChatAnswer.ImageUrl("data:image/png;base64," + body.slot(AnswerBody.base64(served))));
		ChatAnswer.Message message = new ChatAnswer.Message("assistant", "Here is your image.", List.of(image));
		long promptTokens = ImageTokenTable.inputTextTokens(request.prompt());
		long completionTokens = CHAT_IMAGE_TOKENS + CHAT_TEXT_TOKENS;
		ChatAnswer answer = new ChatAnswer("chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
				"chat.completion", this.clock.instant().getEpochSecond(), request.requestedModel(),
				List.of(new ChatAnswer.Choice(0, message, "stop")),
				new ChatAnswer.Usage(promptTokens, completionTokens, promptTokens + completionTokens,
						new ChatAnswer.CompletionTokensDetails(0, CHAT_IMAGE_TOKENS, 0)));
		return body.build(this.json.writeValueAsBytes(answer));
	}

	/** The rendered PNG as it is served: padded when {@code pad-images-to} says. */
	private static ServedImage serve(byte[] png, SimulatorProperties settings) {
		long padTo = settings.padImagesTo().toBytes();
		return (padTo > 0) ? ServedImage.padded(png, padTo) : ServedImage.unpadded(png);
	}

	private String imageUrl(SimulatorProperties settings, String token) {
		String template = settings.imageUrl().isBlank() ? DEFAULT_IMAGE_URL : settings.imageUrl();
		return template.replace("{base}", this.baseUri.toString())
			.replace("{port}", Integer.toString(this.baseUri.getPort()))
			.replace("{token}", token)
			.replace("{path}", SimulatorHandler.FILES_PREFIX + token + SimulatorHandler.PNG_SUFFIX);
	}

	private static ImagesAnswer.Usage usage(GenerationRequest request) {
		long input = ImageTokenTable.inputTextTokens(request.prompt());
		long output = request.n() * ImageTokenTable.outputTokensPerImage(request.size(), request.quality());
		return new ImagesAnswer.Usage(input + output, input, output, new ImagesAnswer.InputTokensDetails(input, 0));
	}

}
