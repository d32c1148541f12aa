package io.imagebatch.gateway;

import org.jspecify.annotations.Nullable;

/** What one line of a batch's output or error file says about one request. */
public sealed interface BatchLineOutcome {

	/**
	 * The request was answered with success. Inline images are spooled: close the result
	 * once they are stored.
	 *
	 * @param customId the request's id in the batch
	 * @param result the images, read exactly like the answer of a synchronous call
	 */
	record Answered(String customId, ImageResult result) implements BatchLineOutcome {

	}

	/**
	 * The request was answered with an error, or with a success whose body is unusable
	 * (then {@link GatewayException#paid() paid}).
	 *
	 * @param customId the request's id in the batch
	 * @param error the failure, classified like that of a synchronous call
	 */
	record Failed(String customId, GatewayException error) implements BatchLineOutcome {

	}

	/**
	 * The request was never run: the batch expired or was cancelled first.
	 *
	 * @param customId the request's id in the batch
	 * @param code the provider's code, e.g. {@code batch_expired}
	 * @param message the provider's message
	 */
	record NotRun(String customId, @Nullable String code, String message) implements BatchLineOutcome {

	}

	/**
	 * A line that says nothing usable: not JSON, no {@code custom_id}, too long.
	 *
	 * @param customId the request's id, when it could be read
	 * @param reason why the line is unusable
	 */
	record Unreadable(@Nullable String customId, String reason) implements BatchLineOutcome {

	}

}
