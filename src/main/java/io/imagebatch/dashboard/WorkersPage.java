package io.imagebatch.dashboard;

import java.time.Instant;
import java.util.List;

import io.imagebatch.gateway.GatewayStatus;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.run.Workers;
import io.imagebatch.web.EventStreams;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live workers and, per gateway key, the rate in force against its limit, calls in
 * flight, 429s and what the gateway says it has left. While the page is open it follows
 * them: a worker's beat or a change of traffic refreshes the tables.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
class WorkersPage {

	private final Workers workers;

	private final ObjectProvider<Gateways> gateways;

	private final EventStreams streams;

	WorkersPage(Workers workers, ObjectProvider<Gateways> gateways, EventStreams streams) {
		this.workers = workers;
		this.gateways = gateways;
		this.streams = streams;
	}

	@GetMapping("/workers")
	String workers(Model view) {
		view.addAttribute("rows", rows());
		return "dashboard/workers";
	}

	/** The tables alone, as the page refreshes them. */
	@GetMapping("/workers/tables")
	String tables(Model view) {
		view.addAttribute("rows", rows());
		return "dashboard/workers :: tables";
	}

	@GetMapping(path = "/workers/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter follow() {
		return this.streams.follow("page-workers", this::state, (state) -> state, (state) -> false, RunPage.CHANGED,
				(state) -> "");
	}

	private WorkerRows rows() {
		return WorkerRows.of(this.workers.live(), this.gateways.getObject().statuses());
	}

	/**
	 * What the page shows, less the time since each beat, which changes on every look
	 * without anything happening.
	 */
	private State state() {
		return new State(this.workers.live()
			.stream()
			.map((worker) -> new Beat(worker.id(), worker.beatAt(), worker.itemsInFlight(), worker.runsOwned()))
			.toList(), this.gateways.getObject().statuses());
	}

	private record State(List<Beat> workers, List<GatewayStatus> gateways) {
	}

	private record Beat(String worker, Instant at, long itemsInFlight, @Nullable String runsOwned) {
	}

}
