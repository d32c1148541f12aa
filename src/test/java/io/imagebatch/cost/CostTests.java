package io.imagebatch.cost;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CostTests {

	@Test
	void keepsAKnownAmountToSixDecimals() {
		// when
		Cost cost = new Cost(CostBasis.CATALOG, new BigDecimal("0.04"));

		// then
		assertThat(cost.usd()).isEqualTo(new BigDecimal("0.040000"));
	}

	@Test
	void roundsAnAmountHalfUpToSixDecimals() {
		// when
		Cost cost = new Cost(CostBasis.USAGE, new BigDecimal("0.0000125"));

		// then
		assertThat(cost.usd()).isEqualTo(new BigDecimal("0.000013"));
	}

	@Test
	void refusesAnUnknownCostWithAnAmount() {
		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> new Cost(CostBasis.UNKNOWN, BigDecimal.ZERO));
	}

	@Test
	void refusesAKnownCostWithoutAnAmount() {
		// when / then
		assertThatIllegalArgumentException().isThrownBy(() -> new Cost(CostBasis.CATALOG, null));
		assertThatIllegalArgumentException().isThrownBy(() -> new Cost(CostBasis.USAGE, null));
	}

	@Test
	void anUnknownCostHasTheUnknownBasisAndNoAmount() {
		// when
		Cost cost = Cost.unknown();

		// then
		assertThat(cost.basis()).isEqualTo(CostBasis.UNKNOWN);
		assertThat(cost.usd()).isNull();
	}

	@Test
	void formatsMoneyAsAPlainDecimalWithSixPlaces() {
		// when / then
		assertThat(Cost.format(new BigDecimal("0.04"))).isEqualTo("0.040000");
		assertThat(Cost.format(new BigDecimal("1E+3"))).isEqualTo("1000.000000");
		assertThat(Cost.format(new BigDecimal("0.0000125"))).isEqualTo("0.000013");
	}

}
