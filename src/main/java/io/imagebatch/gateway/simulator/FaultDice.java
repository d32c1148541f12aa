package io.imagebatch.gateway.simulator;

import java.util.Objects;
import java.util.Random;

import org.jspecify.annotations.Nullable;

/**
 * The random choices behind injected faults and jitter. With a seed the sequence of
 * choices is reproducible: every roll draws the same number of values whatever the rates,
 * so requests answered one after another get the same fates on every run.
 */
final class FaultDice {

	private static final int[] SERVER_ERRORS = { 500, 502, 503 };

	private @Nullable Long seed;

	private Random random;

	FaultDice(@Nullable Long seed) {
		this.seed = seed;
		this.random = random(seed);
	}

	/** Starts the sequence again when the seed changed; an unchanged seed carries on. */
	synchronized void reseed(@Nullable Long seed) {
		if (!Objects.equals(seed, this.seed)) {
			this.seed = seed;
			this.random = random(seed);
		}
	}

	synchronized Roll roll(SimulatorProperties settings, long jitterNanos) {
		boolean drop = this.random.nextDouble() < settings.dropRate();
		boolean error = this.random.nextDouble() < settings.errorRate();
		int status = SERVER_ERRORS[this.random.nextInt(SERVER_ERRORS.length)];
		boolean slow = this.random.nextDouble() < settings.slowRate();
		long jitter = (jitterNanos > 0) ? this.random.nextLong(jitterNanos + 1) : this.random.nextLong(1);
		return new Roll(drop, error ? status : 0, slow, jitter);
	}

	private static Random random(@Nullable Long seed) {
		return (seed != null) ? new Random(seed) : new Random();
	}

	/**
	 * The fate of one request.
	 *
	 * @param drop close the connection without answering
	 * @param serverError the 5xx status to answer, or 0 for none
	 * @param slow take the slow latency instead of the normal one
	 * @param jitterNanos extra latency
	 */
	record Roll(boolean drop, int serverError, boolean slow, long jitterNanos) {

	}

}
