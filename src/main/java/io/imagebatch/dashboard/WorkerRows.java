package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import io.imagebatch.gateway.GatewayStatus;
import io.imagebatch.run.Worker;
import org.jspecify.annotations.Nullable;

/**
 * The live workers and the gateways as the workers page writes them.
 *
 * @param workers a row per live worker
 * @param gateways a row per configured gateway
 */
record WorkerRows(List<WorkerRow> workers, List<GatewayRow> gateways) {

	static WorkerRows of(List<Worker> workers, List<GatewayStatus> gateways) {
		return new WorkerRows(workers.stream().map(WorkerRow::of).toList(),
				gateways.stream().map(GatewayRow::of).toList());
	}

	/**
	 * A live worker.
	 *
	 * @param id its id
	 * @param host its host and pid there
	 * @param kind the command it runs
	 * @param started when it started
	 * @param lastBeat when it last beat, and how long ago that was
	 * @param itemsInFlight items it is calling for now
	 * @param runsOwned the runs whose jobs it owns, {@code –} for none
	 */
	record WorkerRow(String id, String host, String kind, String started, String lastBeat, long itemsInFlight,
			String runsOwned) {

		static WorkerRow of(Worker worker) {
			return new WorkerRow(worker.id(), worker.host() + " (pid " + worker.pid() + ")", worker.kind(),
					Formats.time(worker.startedAt()),
					Formats.time(worker.beatAt()) + " · " + Formats.duration(worker.sinceBeat()) + " ago",
					worker.itemsInFlight(), ItemRow.orDash(worker.runsOwned()));
		}

	}

	/**
	 * A gateway key: the rate it is paced to against its limit, its calls in flight
	 * against its concurrency, what it refused and what it says it has left.
	 *
	 * @param name its name
	 * @param baseUrl where it is
	 * @param rate the request rate in force against the limit, in words
	 * @param imageLimit the configured image limit, {@code –} without one
	 * @param rateShare the rate in force as a share of the limit, in percent;
	 * {@code null} without a configured limit
	 * @param callsInFlight this process's calls in flight
	 * @param maxConcurrency calls in flight at most
	 * @param inFlightShare calls in flight as a share of the most, in percent
	 * @param rateLimited 429 answers seen
	 * @param remainingRequests what the gateway last said it had left, {@code –} before
	 */
	record GatewayRow(String name, String baseUrl, String rate, String imageLimit, @Nullable String rateShare,
			int callsInFlight, int maxConcurrency, String inFlightShare, long rateLimited, String remainingRequests) {

		static GatewayRow of(GatewayStatus gateway) {
			Integer limit = gateway.limits().requestsPerMinute();
			Integer imageLimit = gateway.limits().imagesPerMinute();
			Double inForce = gateway.requestsPerMinuteInForce();
			return new GatewayRow(gateway.name(), gateway.baseUrl().toString(), rate(inForce, limit),
					(imageLimit != null) ? imageLimit + "/min" : "–",
					(limit != null && inForce != null) ? share(inForce, limit) : null, gateway.callsInFlight(),
					gateway.maxConcurrency(), Formats.percent(gateway.callsInFlight(), gateway.maxConcurrency()),
					gateway.rateLimited(),
					(gateway.remainingRequests() != null) ? gateway.remainingRequests().toString() : "–");
		}

		static String rate(@Nullable Double inForce, @Nullable Integer limit) {
			if (inForce == null) {
				return "not paced: no limit configured or learnt yet";
			}
			return Formats.rate(inForce)
					+ ((limit != null) ? " of " + limit + "/min" : " (limit learnt from the gateway's headers)");
		}

		private static String share(double inForce, int limit) {
			double percent = Math.min(inForce * 100 / Math.max(limit, 1), 100);
			return BigDecimal.valueOf(percent).setScale(1, RoundingMode.HALF_UP).toPlainString();
		}

	}

}
