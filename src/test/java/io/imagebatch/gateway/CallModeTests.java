package io.imagebatch.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CallModeTests {

	@Test
	void isNamedInLowerCaseAndFoundInAnyCase() {
		assertThat(CallMode.SYNC.id()).isEqualTo("sync");
		assertThat(CallMode.BATCH.id()).isEqualTo("batch");
		assertThat(CallMode.of("batch")).isEqualTo(CallMode.BATCH);
		assertThat(CallMode.of("SYNC")).isEqualTo(CallMode.SYNC);
		assertThat(CallMode.of("Batch")).isEqualTo(CallMode.BATCH);
	}

	@Test
	void refusesAnyOtherModeNamingTheChoices() {
		assertThatIllegalArgumentException().isThrownBy(() -> CallMode.of("async"))
			.withMessage("mode 'async' is not one of sync, batch");
	}

}
