package io.imagebatch.web;

import java.time.Instant;
import java.util.List;

import io.imagebatch.run.Worker;
import io.imagebatch.run.Workers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live workers, as {@code imagebatch workers} lists them.
 */
@RestController
@Tag(name = "workers", description = "The processes executing runs")
class WorkersController {

	private final Workers workers;

	WorkersController(Workers workers) {
		this.workers = workers;
	}

	@Operation(summary = "Live workers: host, pid, since, last beat, items in flight, runs owned")
	@GetMapping("/api/workers")
	List<WorkerView> workers() {
		return this.workers.live().stream().map(WorkerView::of).toList();
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
