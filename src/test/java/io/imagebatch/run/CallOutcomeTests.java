package io.imagebatch.run;

import java.util.Arrays;

import io.imagebatch.gateway.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call's outcome comes from the error classification of DESIGN §4, whether the call
 * failed or its answer was stored.
 */
class CallOutcomeTests {

	@ParameterizedTest
	@CsvSource({ "REJECTED, REJECTED", "RATE_LIMITED, RATE_LIMITED", "TRANSIENT, TRANSIENT", "EXPIRED, EXPIRED",
			"FATAL, FATAL" })
	void aFailedCallEndsAsItsFailureIsClassified(ErrorKind kind, CallOutcome outcome) {
		assertThat(CallOutcome.of(kind)).isEqualTo(outcome);
	}

	@ParameterizedTest
	@CsvSource({ "REJECTED, REJECTED", "TRANSIENT, TRANSIENT", "EXPIRED, EXPIRED", "STORAGE, STORAGE",
			"INVALID, REJECTED" })
	void anAnsweredCallWhoseImagesWereNotStoredEndsAsItsItemFailed(ErrorType type, CallOutcome outcome) {
		assertThat(CallOutcome.of(new ItemOutcome.Settled(ItemStatus.FAILED, type))).isEqualTo(outcome);
	}

	@Test
	void anAnsweredCallWhoseImagesWereStoredSucceeded() {
		assertThat(CallOutcome.of(new ItemOutcome.Settled(ItemStatus.SUCCEEDED, null)))
			.isEqualTo(CallOutcome.SUCCEEDED);
	}

	@Test
	void everyOutcomeIsReachable() {
		assertThat(Arrays.stream(ErrorKind.values()).map(CallOutcome::of)).containsExactlyInAnyOrder(
				CallOutcome.REJECTED, CallOutcome.RATE_LIMITED, CallOutcome.TRANSIENT, CallOutcome.EXPIRED,
				CallOutcome.FATAL);
		assertThat(Arrays.stream(ErrorType.values())
			.map((type) -> CallOutcome.of(new ItemOutcome.Settled(ItemStatus.FAILED, type))))
			.contains(CallOutcome.STORAGE);
	}

}
