package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.util.Map;

import io.imagebatch.run.ErrorType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FormsTests {

	@Test
	void anEmptyAmountIsNoneAndAPositiveOneIsRead() {
		assertThat(Forms.usd(" ", "budget")).isNull();
		assertThat(Forms.usd(null, "budget")).isNull();
		assertThat(Forms.usd("$12.50", "budget")).isEqualByComparingTo(new BigDecimal("12.50"));
	}

	@Test
	void anAmountThatIsNotPositiveIsRefusedNamingTheField() {
		assertThatIllegalArgumentException().isThrownBy(() -> Forms.usd("0", "budget"))
			.withMessageStartingWith("budget must be a positive amount");
		assertThatIllegalArgumentException().isThrownBy(() -> Forms.usd("lots", "budget"))
			.withMessageContaining("such as 12.50");
	}

	@Test
	void columnChangesAreReadInOrderAndAnEmptyValueIsKept() {
		assertThat(Forms.columns("size=1024x1024, quality=hd,\nstyle=")).containsExactly(Map.entry("size", "1024x1024"),
				Map.entry("quality", "hd"), Map.entry("style", ""));
		assertThat(Forms.columns("  ")).isEmpty();
	}

	@Test
	void aChangeWithoutAColumnIsRefusedQuotingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> Forms.columns("size=1024x1024, hd"))
			.withMessageContaining("'hd' is not one");
		assertThatIllegalArgumentException().isThrownBy(() -> Forms.columns("=hd"))
			.withMessageContaining("column=value");
	}

	@Test
	void errorTypesAreReadInAnyCaseAndAnUnknownOneIsRefusedBounded() {
		assertThat(Forms.errorType(" rejected ")).isEqualTo(ErrorType.REJECTED);
		assertThatIllegalArgumentException().isThrownBy(() -> Forms.errorType("x".repeat(500)))
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(100));
	}

}
