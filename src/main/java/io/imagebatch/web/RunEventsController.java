package io.imagebatch.web;

import io.imagebatch.run.RunReports;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.Runs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A run's progress as Server-Sent Events: a {@code progress} event (the run as {@code GET
 * /api/runs/{id}} shows it) whenever its counts, spending or calls in flight change, and
 * an {@code end} event when it ends, after which the stream closes
 * ({@link EventStreams}).
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestController
@Tag(name = "runs")
class RunEventsController {

	private final Runs runs;

	private final RunReports reports;

	private final EventStreams streams;

	RunEventsController(Runs runs, RunReports reports, EventStreams streams) {
		this.runs = runs;
		this.reports = reports;
		this.streams = streams;
	}

	@Operation(summary = "A run's progress as Server-Sent Events",
			description = "'progress' events carry the run as GET /api/runs/{run} shows it; 'end' comes when it ends.")
	@GetMapping(path = "/api/runs/{run}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable String run) {
		String runId = this.runs.find(run).id();
		return this.streams.follow("run-" + runId, () -> RunView.of(this.reports.progress(runId), this.runs),
				(view) -> new Seen(view.status(), view.items(), view.spentUsd()),
				(view) -> RunStatus.valueOf(view.status()).isFinal(), "progress", (view) -> view);
	}

	/** What a progress event is sent for a change of. */
	private record Seen(String status, RunView.Items items, String spent) {
	}

}
