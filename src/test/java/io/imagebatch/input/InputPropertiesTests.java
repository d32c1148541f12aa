package io.imagebatch.input;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InputPropertiesTests {

	@Test
	void refusesARowLengthOrAColumnCountBelowOneNamingTheProperty() {
		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> new InputProperties(0, 10))
			.withMessage("imagebatch.input.max-row-length must be at least 1, got 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new InputProperties(10, -1))
			.withMessage("imagebatch.input.max-columns must be at least 1, got -1");
	}

}
