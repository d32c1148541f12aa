package io.imagebatch.web;

import java.time.Instant;
import java.util.List;

import io.imagebatch.gateway.GatewayStatus;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.run.Worker;
import io.imagebatch.run.Workers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live workers, as {@code imagebatch workers} lists them, and the gateways they call:
 * each key's configured limits, the rate in force, and what this process sees of it.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestController
@Tag(name = "workers", description = "The processes executing runs")
class WorkersController {

	private final Workers workers;

	private final ObjectProvider<Gateways> gateways;

	WorkersController(Workers workers, ObjectProvider<Gateways> gateways) {
		this.workers = workers;
		this.gateways = gateways;
	}

	@Operation(summary = "Live workers (host, pid, since, last beat, items in flight, runs owned) and the gateways")
	@GetMapping("/api/workers")
	WorkersView workers() {
		return new WorkersView(this.workers.live().stream().map(WorkerView::of).toList(),
				this.gateways.getObject().statuses().stream().map(GatewayView::of).toList());
	}

	/**
	 * The live workers and the gateways.
	 *
	 * @param workers every live worker
	 * @param gateways every configured gateway
	 */
	record WorkersView(List<WorkerView> workers, List<GatewayView> gateways) {
	}

	/**
	 * A gateway: its limits and what this process sees of its traffic. Never its key.
	 *
	 * @param name its name
	 * @param baseUrl where it is
	 * @param maxConcurrency calls in flight at most, per process
	 * @param requestsPerMinute the configured request limit, if any
	 * @param imagesPerMinute the configured image limit, if any
	 * @param requestsPerMinuteInForce the request rate calls are paced to now (learnt
	 * from the gateway's headers when none is configured)
	 * @param callsInFlight this process's calls in flight
	 * @param rateLimited 429 answers this process saw
	 * @param remainingRequests what the gateway last said it had left, if it said
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record GatewayView(String name, String baseUrl, int maxConcurrency, @Nullable Integer requestsPerMinute,
			@Nullable Integer imagesPerMinute, @Nullable Double requestsPerMinuteInForce, int callsInFlight,
			long rateLimited, @Nullable Long remainingRequests) {

		static GatewayView of(GatewayStatus gateway) {
			return new GatewayView(gateway.name(), gateway.baseUrl().toString(), gateway.maxConcurrency(),
					gateway.limits().requestsPerMinute(), gateway.limits().imagesPerMinute(),
					gateway.requestsPerMinuteInForce(), gateway.callsInFlight(), gateway.rateLimited(),
					gateway.remainingRequests());
		}

	}

	/**
	 * A live worker.
	 *
	 * @param id its id
	 * @param host the host it runs on
	 * @param pid its process id there
	 * @param kind the command it runs ({@code serve}, {@code worker}, {@code generate}…)
	 * @param startedAt when it started
	 * @param beatAt its last beat
	 * @param secondsSinceBeat seconds since then, on the database's clock
	 * @param itemsInFlight items it is calling for now
	 * @param runsOwned the runs whose jobs it owns
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record WorkerView(String id, String host, long pid, String kind, Instant startedAt, Instant beatAt,
			double secondsSinceBeat, long itemsInFlight, @Nullable String runsOwned) {

		static WorkerView of(Worker worker) {
			return new WorkerView(worker.id(), worker.host(), worker.pid(), worker.kind(), worker.startedAt(),
					worker.beatAt(), worker.sinceBeat().toMillis() / 1000.0, worker.itemsInFlight(),
					worker.runsOwned());
		}

	}

}
