package io.imagebatch.simulator;

import java.util.Objects;
import java.util.Random;

import org.jspecify.annotations.Nullable;

/**
 * The random choices behind injected faults and jitter. With a seed the sequence of
 * choices is reproducible: every roll draws the same number of values whatever the rates,
 * so requests answered one after another get the same fates on every run.
 * <p>
 * Calls, their answers and image downloads each draw from a stream of their own, derived
 * from the seed: the hostile answers added later leave the fates of the older faults
 * exactly as they were for a given seed, and downloads (whose timing depends on the
 * client) never shift the fates of calls.
 */
final class FaultDice {

	private static final int[] SERVER_ERRORS = { 500, 502, 503 };

	private static final long ANSWER_STREAM = 0x5DEECE66DL;

	private static final long DOWNLOAD_STREAM = 0x2545F4914F6CDD1DL;

	private @Nullable Long seed;

	private Random calls;

	private Random answers;

	private Random downloads;

	FaultDice(@Nullable Long seed) {
		this.seed = seed;
		start(seed);
	}

	/** Starts the sequence again when the seed changed; an unchanged seed carries on. */
	synchronized void reseed(@Nullable Long seed) {
		if (!Objects.equals(seed, this.seed)) {
			this.seed = seed;
			start(seed);
		}
	}

	private void start(@Nullable Long seed) {
		this.calls = random(seed, 0);
		this.answers = random(seed, ANSWER_STREAM);
		this.downloads = random(seed, DOWNLOAD_STREAM);
	}

	synchronized Roll roll(SimulatorProperties settings, long jitterNanos) {
		boolean drop = this.calls.nextDouble() < settings.dropRate();
		boolean error = this.calls.nextDouble() < settings.errorRate();
		int status = SERVER_ERRORS[this.calls.nextInt(SERVER_ERRORS.length)];
		boolean slow = this.calls.nextDouble() < settings.slowRate();
		long jitter = (jitterNanos > 0) ? this.calls.nextLong(jitterNanos + 1) : this.calls.nextLong(1);
		return new Roll(drop, error ? status : 0, slow, jitter);
	}

	/** The fate of a valid call's answer: throttled, or how its body is delivered. */
	synchronized AnswerRoll rollAnswer(SimulatorProperties settings) {
		boolean throttle = this.answers.nextDouble() < settings.throttleRate();
		Delivery delivery = delivery(this.answers, settings.endlessRate(), settings.dripRate());
		return new AnswerRoll(throttle, delivery);
	}

	/** How one {@code url} image download is delivered. */
	synchronized Delivery rollDownload(SimulatorProperties settings) {
		return delivery(this.downloads, settings.downloadEndlessRate(), settings.downloadDripRate());
	}

	private static Delivery delivery(Random random, double endlessRate, double dripRate) {
		// Both drawn every time, so the sequence does not depend on the rates.
		boolean endless = random.nextDouble() < endlessRate;
		boolean drip = random.nextDouble() < dripRate;
		return endless ? Delivery.ENDLESS : (drip ? Delivery.DRIP : Delivery.AT_ONCE);
	}

	private static Random random(@Nullable Long seed, long stream) {
		return (seed != null) ? new Random(seed ^ stream) : new Random();
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

	/**
	 * The fate of a valid call's answer.
	 *
	 * @param throttle answer 429 whatever the rate limits say
	 * @param delivery how the body of a successful answer is sent
	 */
	record AnswerRoll(boolean throttle, Delivery delivery) {

	}

	/** How a successful body is sent. */
	enum Delivery {

		/** As fast as the connection takes it. */
		AT_ONCE,

		/** Status and headers at once, then one byte per {@code drip-interval}. */
		DRIP,

		/** Status and headers, then a body that never ends (up to a generous limit). */
		ENDLESS

	}

}
