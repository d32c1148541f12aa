package io.imagebatch.cost;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetTests {

	@Test
	void refusesTheReservationThatWouldPassTheCapCountingCallsInFlight() {
		// given: $1.00 cap, $0.50 spent before a restart, one $0.40 call in flight
		Budget budget = new Budget(new BigDecimal("1.00"), new BigDecimal("0.50"));
		assertThat(budget.tryReserve(new BigDecimal("0.40"))).isTrue();

		// when
		boolean another = budget.tryReserve(new BigDecimal("0.20"));
		boolean exactlyToTheCap = budget.tryReserve(new BigDecimal("0.10"));

		// then
		assertThat(another).isFalse();
		assertThat(exactlyToTheCap).isTrue();
		assertThat(budget.committed()).isEqualByComparingTo("1.00");
	}

	@Test
	void settlingReplacesTheEstimateByTheRealCostAndKeepsItWhenThePriceIsUnknown() {
		// given
		Budget budget = new Budget(new BigDecimal("1.00"), BigDecimal.ZERO);
		budget.tryReserve(new BigDecimal("0.30"));
		budget.tryReserve(new BigDecimal("0.30"));

		// when
		budget.settle(new BigDecimal("0.30"), new BigDecimal("0.10"));
		budget.settle(new BigDecimal("0.30"), null);

		// then
		assertThat(budget.committed()).isEqualByComparingTo("0.40");
	}

	@Test
	void withoutACapEveryReservationIsGranted() {
		Budget budget = Budget.unlimited();
		assertThat(budget.tryReserve(new BigDecimal("1000000"))).isTrue();
	}

}
