package io.imagebatch.gateway;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.imagebatch.catalog.Endpoint;
import io.imagebatch.catalog.Model;
import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.catalog.ModelSpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that turns an {@link ImageRequest} into what a gateway is sent, for a
 * synchronous call and for a line of a provider batch alike. Only the fields the model
 * accepts are written.
 */
final class RequestBodies {

	private static final String B64_JSON = "b64_json";

	private final GatewaySettings settings;

	private final ModelCatalog catalog;

	private final JsonMapper json;

	RequestBodies(GatewaySettings settings, ModelCatalog catalog, JsonMapper json) {
		this.settings = settings;
		this.catalog = catalog;
		this.json = json;
	}

	/** The body and endpoint of a synchronous call. */
	Call call(ImageRequest request) {
		return call(request, false);
	}

	/**
	 * The body and endpoint of one line of a provider batch: the synchronous body, except
	 * that images come inline wherever the model can send them so, because a URL read
	 * hours after it was made has expired.
	 */
	Call batchCall(ImageRequest request) {
		return call(request, true);
	}

	private Call call(ImageRequest request, boolean batch) {
		Optional<Model> model = this.catalog.find(request.model());
		ModelSpec spec = model.map(Model::spec).orElse(null);
		boolean chat = spec != null && spec.endpoint() == Endpoint.CHAT;
		Object body = chat ? chatBody(request) : imagesBody(request, spec, batch);
		return new Call(chat, chat ? this.settings.chatUri() : this.settings.imagesUri(),
				this.json.writeValueAsBytes(body));
	}

	private ImagesBody imagesBody(ImageRequest request, @Nullable ModelSpec spec, boolean batch) {
		String responseFormat = (batch && spec != null && spec.responseFormats().contains(B64_JSON)) ? B64_JSON
				: request.responseFormat();
		return new ImagesBody(request.model(), request.prompt(), request.n(),
				accepted(request.size(), spec == null || !spec.sizes().isEmpty() || spec.customSizes()),
				accepted(request.quality(), spec == null || !spec.qualities().isEmpty()),
				accepted(request.style(), spec == null || !spec.styles().isEmpty()),
				accepted(request.background(), spec == null || !spec.backgrounds().isEmpty()),
				accepted(request.moderation(), spec == null || !spec.moderations().isEmpty()),
				accepted(request.outputFormat(), spec == null || !spec.outputFormats().isEmpty()), responseFormat,
				endUser(request, spec == null || spec.acceptsUser()),
				(request.image() != null && (spec == null || spec.acceptsImage())) ? image(request.image()) : null);
	}

	private ChatBody chatBody(ImageRequest request) {
		return new ChatBody(request.model(), List.of(new ChatBody.Message("user", request.prompt())),
				endUser(request, true));
	}

	/**
	 * The end user under the field name this gateway reads it from ({@code user} or
	 * {@code safety_identifier}); nothing when there is none or the model takes none.
	 */
	private Map<String, String> endUser(ImageRequest request, boolean accepted) {
		String user = accepted(request.user(), accepted);
		return (user != null) ? Map.of(this.settings.userField(), user) : Map.of();
	}

	/** One image as a string, several as the JSON array the column holds. */
	private JsonNode image(String image) {
		if (image.startsWith("[")) {
			try {
				return this.json.readTree(image);
			}
			catch (JacksonException ex) {
				// not an array after all: send it as it is
			}
		}
		return this.json.getNodeFactory().stringNode(image);
	}

	private static @Nullable String accepted(@Nullable String value, boolean accepted) {
		return accepted ? value : null;
	}

	/**
	 * What to send for one request.
	 *
	 * @param chat whether the model answers in a chat message
	 * @param uri the endpoint
	 * @param body the JSON body
	 */
	record Call(boolean chat, URI uri, byte[] body) {

	}

	/**
	 * The body of {@code POST /images/generations}. Fields the model does not take are
	 * {@code null} and left out; the end user goes under the gateway's own field name.
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.NON_NULL)
	private record ImagesBody(String model, String prompt, int n, @Nullable String size, @Nullable String quality,
			@Nullable String style, @Nullable String background, @Nullable String moderation,
			@Nullable String outputFormat, @Nullable String responseFormat, @JsonAnyGetter Map<String, String> endUser,
			@Nullable JsonNode image) {
	}

	/** The body of {@code POST /chat/completions}: the prompt as the one user message. */
	private record ChatBody(String model, List<Message> messages, @JsonAnyGetter Map<String, String> endUser) {

		private record Message(String role, String content) {
		}

	}

}
