package io.imagebatch.metrics;

/**
 * Every meter's name and tag, in one place. Micrometer names with dots; Prometheus shows
 * them with underscores, {@code _total} after a counter and {@code _seconds} after a
 * timer: {@code imagebatch.images} is scraped as {@code imagebatch_images_total}.
 */
final class MeterNames {

	/** Images stored in S3: gateway, model, size, quality. */
	static final String IMAGES = "imagebatch.images";

	/** USD spent, as the cost ledger records it: gateway, model, size, quality, mode. */
	static final String COST = "imagebatch.cost.usd";

	/**
	 * USD calls in provider batches cost less than synchronous calls would have: gateway,
	 * model.
	 */
	static final String BATCH_SAVED = "imagebatch.batch.saved.usd";

	/**
	 * Provider batches of batch-mode runs not yet ended, by what the provider last said
	 * of them ({@code submitting} before it was asked): status.
	 */
	static final String PROVIDER_BATCHES = "imagebatch.provider.batches";

	/** Gateway calls (each attempt) by how they ended: gateway, model, outcome. */
	static final String CALLS = "imagebatch.calls";

	/** How long the gateway took to answer, its traffic control's waits left out. */
	static final String CALL_TIME = "imagebatch.call";

	/** Calls holding a slot of the gateway's traffic control: gateway. */
	static final String CALLS_IN_FLIGHT = "imagebatch.calls.in.flight";

	/** Time calls were held back by rate limits (pacing, pauses, waits after 429s). */
	static final String RATE_LIMIT_WAIT = "imagebatch.rate.limit.wait.seconds";

	/** 429 answers: gateway. */
	static final String GATEWAY_429 = "imagebatch.gateway.429";

	/** The gateway's {@code x-ratelimit-remaining-requests}, last seen: gateway. */
	static final String GATEWAY_REMAINING_REQUESTS = "imagebatch.gateway.remaining.requests";

	/** From the gateway's answer to the object stored in S3: gateway. */
	static final String STORE_TIME = "imagebatch.store";

	/** Items of every run by status. */
	static final String ITEMS = "imagebatch.items";

	/** Runs by status. */
	static final String RUNS = "imagebatch.runs";

	/** Schedules: state ({@code enabled}, {@code paused}). */
	static final String SCHEDULES = "imagebatch.schedules";

	/** USD a schedule's runs spent: schedule, period ({@code day}, {@code month}). */
	static final String SCHEDULE_SPEND = "imagebatch.schedule.spend.usd";

	static final String GATEWAY = "gateway";

	static final String MODEL = "model";

	static final String SIZE = "size";

	static final String QUALITY = "quality";

	static final String OUTCOME = "outcome";

	/** How calls are made: {@code sync} or {@code batch}. */
	static final String MODE = "mode";

	static final String STATUS = "status";

	static final String STATE = "state";

	static final String SCHEDULE = "schedule";

	static final String PERIOD = "period";

	private MeterNames() {
	}

}
