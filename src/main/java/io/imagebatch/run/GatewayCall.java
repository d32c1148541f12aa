package io.imagebatch.run;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostEntry;
import io.imagebatch.cost.CostKey;
import io.imagebatch.cost.CostLedger;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.gateway.ErrorKind;
import io.imagebatch.gateway.Gateway;
import io.imagebatch.gateway.GatewayException;
import io.imagebatch.gateway.GeneratedImage;
import io.imagebatch.gateway.ImageRequest;
import io.imagebatch.gateway.ImageResult;
import io.imagebatch.gateway.Usage;
import io.imagebatch.ratelimit.TrafficControl;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Makes an item's call to its gateway: reserves its estimate against the run's budget,
 * calls with retries, and records the cost entry the moment the gateway answers, before
 * anything is downloaded or stored, so that a call is never paid for twice.
 */
@Component
class GatewayCall {

	private final WorkQueue items;

	private final CostLedger ledger;

	private final ModelCatalog catalog;

	private final Clock clock;

	private final CallRetries retries;

	private final CallEvents events;

	private final RunTallies tallies;

	GatewayCall(WorkQueue items, CostLedger ledger, ModelCatalog catalog, RunProperties properties, Clock clock,
			CallEvents events, RunTallies tallies) {
		this.items = items;
		this.ledger = ledger;
		this.catalog = catalog;
		this.clock = clock;
		this.retries = new CallRetries(properties, CallRetries.Sleeper.THREAD);
		this.events = events;
		this.tallies = tallies;
	}

	/**
	 * Calls the gateway for the item.
	 * @param halted whether the run is stopping: a call waiting to be retried then gives
	 * its item back to the queue
	 * @return the answer, with its cost in the ledger already; or how the item ended
	 * without one
	 */
	Result call(Item item, RunContext run, BooleanSupplier halted) {
		Gateway gateway = run.gatewayFor(item);
		BigDecimal estimate = estimate(item, run);
		if (!run.budget().tryReserve(item, estimate)) {
			this.items.release(item);
			return new Result.Ended(new ItemOutcome.OverBudget(estimate));
		}
		CallRetries.Attempts attempts = new CallRetries.Attempts(item.attempts());
		String model = catalogId(item.request());
		Attempt answer;
		TrafficControl.HeldBack heldBefore = TrafficControl.heldBackOnThisThread();
		try {
			answer = this.retries.call(() -> attempt(gateway, model, item.request()), attempts, halted);
		}
		catch (CallRetries.Halted ex) {
			run.budget().settle(item, estimate, BigDecimal.ZERO);
			this.items.release(item);
			return new Result.Ended(new ItemOutcome.StopRequested());
		}
		catch (GatewayException ex) {
			if (ex.paid()) {
				// accepted and charged for, but the answer was unusable: account for it,
				// never call again
				Cost cost = recordCost(item, run, gateway, item.request().n(), null, List.of(), CallMode.SYNC);
				run.budget().settle(item, estimate, cost.usd());
				return new Result.Failed(attempts.count(), ex);
			}
			run.budget().settle(item, estimate, BigDecimal.ZERO);
			if (ex.kind() == ErrorKind.FATAL) {
				this.items.release(item);
				return new Result.Ended(new ItemOutcome.Fatal(gateway.name(), ex));
			}
			return new Result.Failed(attempts.count(), ex);
		}
		finally {
			if (attempts.rateLimitWaited().isPositive()) {
				this.events.publish(new CallEvent.RateLimitWaited(gateway.name(), attempts.rateLimitWaited()));
			}
			// for the run's timeline: held back by the gateway's pacing, and backing off
			// after 429s
			TrafficControl.HeldBack held = TrafficControl.heldBackOnThisThread().since(heldBefore);
			this.tallies.rateLimitWaited(run.runId(), held.calls() + attempts.rateLimitWaits(),
					held.waited().plus(attempts.rateLimitWaited()));
		}
		ImageResult result = answer.result();
		try {
			Cost cost = recordCost(item, run, gateway, result.images().size(), result.usage(), urls(result),
					CallMode.SYNC);
			run.budget().settle(item, estimate, cost.usd());
			return new Result.Answered(gateway, result, cost, attempts.count(), answer.took(), answer.answeredAt());
		}
		catch (RuntimeException ex) {
			result.close();
			throw ex;
		}
	}

	/**
	 * One attempt at the call, timed without the waits of the gateway's traffic control
	 * (which the metrics count as rate-limit waits); a failed attempt ends here, an
	 * answered one once its images are stored ({@link #ended}).
	 */
	private Attempt attempt(Gateway gateway, String model, ImageRequest request) {
		this.events.publish(new CallEvent.Started(gateway.name(), model));
		long started = CallRetries.Ticker.SYSTEM.nanos();
		try {
			ImageResult result = gateway.generate(request);
			return new Attempt(result, Duration.ofNanos(CallRetries.Ticker.SYSTEM.nanos() - started),
					System.nanoTime());
		}
		catch (GatewayException ex) {
			this.events.publish(new CallEvent.Ended(gateway.name(), model, CallOutcome.of(ex.kind()),
					Duration.ofNanos(CallRetries.Ticker.SYSTEM.nanos() - started)));
			throw ex;
		}
	}

	/** The answered call of the item ended: its images are stored, or failed to be. */
	void ended(Item item, Result.Answered answered, ItemOutcome.Settled outcome) {
		this.events.publish(new CallEvent.Ended(answered.gateway().name(), catalogId(item.request()),
				CallOutcome.of(outcome), answered.took()));
	}

	private BigDecimal estimate(Item item, RunContext run) {
		CostKey key = CostKey.of(item.request(), this.catalog);
		return run.prices().estimate(key.model(), key.size(), key.quality(), item.request().n());
	}

	/** The model as the cost ledger and the metrics name it. */
	private String catalogId(ImageRequest request) {
		return CostKey.of(request, this.catalog).model();
	}

	/**
	 * Records what an answered call cost, synchronous or in a provider's batch, and tells
	 * the metrics.
	 */
	Cost recordCost(Item item, RunContext run, Gateway gateway, int images, @Nullable Usage usage, List<String> urls,
			CallMode mode) {
		CostKey key = CostKey.of(item.request(), this.catalog);
		Cost cost = run.prices().costOf(key.model(), key.size(), key.quality(), images, usage, mode);
		this.ledger.record(new CostEntry(run.runId(), item.id(), key.model(), key.size(), key.quality(), images, cost,
				usage, (urls.size() == images) ? urls : List.of(), this.clock.instant(), mode));
		this.events.publish(
				new CallEvent.CostRecorded(gateway.name(), key.model(), key.size(), key.quality(), cost.usd(), mode));
		return cost;
	}

	/**
	 * The answer's image URLs, recorded with its cost so that a restart can download them
	 * without paying again; none when any of them is not a plausible URL (it fails its
	 * item anyway, and untrusted text has no place in the ledger).
	 */
	static List<String> urls(ImageResult result) {
		List<String> urls = new ArrayList<>();
		for (GeneratedImage image : result.images()) {
			if (!(image instanceof GeneratedImage.Remote remote) || !plausibleUrl(remote.url())) {
				return List.of();
			}
			urls.add(remote.url());
		}
		return urls;
	}

	private static boolean plausibleUrl(String url) {
		try {
			URI uri = new URI(url);
			return uri.isAbsolute() && url.chars().allMatch((c) -> c > 0x20 && c < 0x7F);
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/**
	 * How a call ended.
	 */
	sealed interface Result {

		/**
		 * The gateway answered; the cost is in the ledger. The result holds the images
		 * (perhaps spooled to disk) and must be closed.
		 *
		 * @param took how long the answering attempt took the gateway
		 * @param answeredAt when the answer came, by {@link System#nanoTime()}
		 */
		record Answered(Gateway gateway, ImageResult result, Cost cost, int attempts, Duration took,
				long answeredAt) implements Result {
		}

		/** The call failed for good: the item fails with nothing stored. */
		record Failed(int attempts, GatewayException cause) implements Result {
		}

		/** The item is back in the queue, or the run must stop: nothing to store. */
		record Ended(ItemOutcome outcome) implements Result {
		}

	}

	private record Attempt(ImageResult result, Duration took, long answeredAt) {

	}

}
