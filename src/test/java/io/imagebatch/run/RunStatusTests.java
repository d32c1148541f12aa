package io.imagebatch.run;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.imagebatch.run.RunStatus.COMPLETED;
import static io.imagebatch.run.RunStatus.FAILED;
import static io.imagebatch.run.RunStatus.QUEUED;
import static io.imagebatch.run.RunStatus.RUNNING;
import static io.imagebatch.run.RunStatus.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RunStatusTests {

	/**
	 * Every allowed transition; any pair not listed is forbidden. RUNNING to RUNNING is a
	 * restart taking over a run whose process died; FAILED and STOPPED runs are
	 * restarted; COMPLETED is terminal (its failed items go to a new run).
	 */
	private static final Set<Transition> ALLOWED = Set.of(new Transition(QUEUED, RUNNING),
			new Transition(RUNNING, RUNNING), new Transition(RUNNING, COMPLETED), new Transition(RUNNING, FAILED),
			new Transition(RUNNING, STOPPED), new Transition(FAILED, RUNNING), new Transition(STOPPED, RUNNING));

	@ParameterizedTest(name = "{0} -> {1} allowed: {2}")
	@MethodSource("everyPair")
	void allowsExactlyTheTransitionsOfTheTable(RunStatus from, RunStatus to, boolean allowed) {
		// when
		boolean canBecome = from.canBecome(to);

		// then
		assertThat(canBecome).isEqualTo(allowed);
	}

	@ParameterizedTest(name = "{0} -> {1} allowed: {2}")
	@MethodSource("everyPair")
	void checkingATransitionFailsExactlyWhenItIsForbidden(RunStatus from, RunStatus to, boolean allowed) {
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
		return Arrays.stream(RunStatus.values())
			.flatMap((from) -> Arrays.stream(RunStatus.values())
				.map((to) -> Arguments.of(from, to, ALLOWED.contains(new Transition(from, to)))));
	}

	record Transition(RunStatus from, RunStatus to) {
	}

}
