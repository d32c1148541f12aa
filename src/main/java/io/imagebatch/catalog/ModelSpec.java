package io.imagebatch.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one model accepts, bound from {@code imagebatch.models.<id>}. The built-in catalog
 * ({@code imagebatch-models.yml}) describes the models of the gateway documents;
 * configuration adds models or overrides any field, so a new model needs no code change.
 *
 * @param endpoint the endpoint that serves the model
 * @param sizes sizes offered, {@code WIDTHxHEIGHT} or {@code auto}
 * @param customSizes whether any {@code WIDTHxHEIGHT} within the limits is accepted
 * @param maxCustomSide the largest side of a custom size, in pixels
 * @param maxN the largest {@code n}
 * @param qualities qualities offered; empty when the model takes no quality
 * @param styles styles offered; empty when the model takes no style
 * @param backgrounds backgrounds offered; empty when the model takes no background
 * @param moderations moderation levels offered; empty when not accepted
 * @param outputFormats output formats offered; empty when not accepted
 * @param responseFormats response formats offered
 * @param defaultSize the size used when a row names none
 * @param defaultQuality the quality used when a row names none
 * @param maxPromptLength the longest prompt, in characters
 * @param acceptsUser whether the {@code user} field is sent
 * @param acceptsImage whether an {@code image} to edit may be sent
 */
public record ModelSpec(@DefaultValue("images") Endpoint endpoint, @DefaultValue List<String> sizes,
		@DefaultValue("false") boolean customSizes, @DefaultValue("2048") int maxCustomSide,
		@DefaultValue("1") int maxN, @DefaultValue List<String> qualities, @DefaultValue List<String> styles,
		@DefaultValue List<String> backgrounds, @DefaultValue List<String> moderations,
		@DefaultValue List<String> outputFormats, @DefaultValue( {
				"url", "b64_json" }) List<String> responseFormats,
		@Nullable String defaultSize, @Nullable String defaultQuality, @DefaultValue("4000") int maxPromptLength,
		@DefaultValue("true") boolean acceptsUser, @DefaultValue("false") boolean acceptsImage){

}
