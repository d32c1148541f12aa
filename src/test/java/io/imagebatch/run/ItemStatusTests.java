package io.imagebatch.run;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.imagebatch.run.ItemStatus.FAILED;
import static io.imagebatch.run.ItemStatus.IN_FLIGHT;
import static io.imagebatch.run.ItemStatus.PENDING;
import static io.imagebatch.run.ItemStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ItemStatusTests {

	/**
	 * Every allowed transition; any pair not listed, including a status to itself, is
	 * forbidden. SUCCEEDED, FAILED and INVALID are terminal.
	 */
	private static final Set<Transition> ALLOWED = Set.of(new Transition(PENDING, IN_FLIGHT),
			new Transition(IN_FLIGHT, SUCCEEDED), new Transition(IN_FLIGHT, FAILED),
			new Transition(IN_FLIGHT, PENDING));

	@ParameterizedTest(name = "{0} -> {1} allowed: {2}")
	@MethodSource("everyPair")
	void allowsExactlyTheTransitionsOfTheTable(ItemStatus from, ItemStatus to, boolean allowed) {
		// when
		boolean canBecome = from.canBecome(to);

		// then
		assertThat(canBecome).isEqualTo(allowed);
	}

	@ParameterizedTest(name = "{0} -> {1} allowed: {2}")
	@MethodSource("everyPair")
	void checkingATransitionFailsExactlyWhenItIsForbidden(ItemStatus from, ItemStatus to, boolean allowed) {
		if (allowed) {
			// when / then
			assertThatNoException().isThrownBy(() -> from.checkCanBecome(to));
		}
		else {
			// when / then
			assertThatIllegalStateException().isThrownBy(() -> from.checkCanBecome(to))
				.withMessageContaining(from.name())
				.withMessageContaining(to.name());
		}
	}

	static Stream<Arguments> everyPair() {
		return Arrays.stream(ItemStatus.values())
			.flatMap((from) -> Arrays.stream(ItemStatus.values())
				.map((to) -> Arguments.of(from, to, ALLOWED.contains(new Transition(from, to)))));
	}

	record Transition(ItemStatus from, ItemStatus to) {
	}

}
