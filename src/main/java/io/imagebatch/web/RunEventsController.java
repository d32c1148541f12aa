package io.imagebatch.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.imagebatch.run.RunReports;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.Runs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A run's progress as Server-Sent Events: a {@code progress} event (the run as {@code GET
 * /api/runs/{id}} shows it) whenever its counts, spending or calls in flight change, and
 * an {@code end} event when it ends, after which the stream closes. Each stream looks at
 * the run on its own virtual thread every {@code imagebatch.web.event-interval}; a
 * comment keeps a quiet stream open through proxies.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestController
@Tag(name = "runs")
class RunEventsController {

	/** A quiet stream gets a comment this often, so proxies do not close it. */
	private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

	private final Runs runs;

	private final RunReports reports;

	private final WebProperties properties;

	private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();

	private volatile boolean closing;

	RunEventsController(Runs runs, RunReports reports, WebProperties properties) {
		this.runs = runs;
		this.reports = reports;
		this.properties = properties;
	}

	@Operation(summary = "A run's progress as Server-Sent Events",
			description = "'progress' events carry the run as GET /api/runs/{run} shows it; 'end' comes when it ends.")
	@GetMapping(path = "/api/runs/{run}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable String run) {
		String runId = this.runs.find(run).id();
		SseEmitter emitter = new SseEmitter(0L);
		this.open.add(emitter);
		emitter.onCompletion(() -> this.open.remove(emitter));
		Thread.ofVirtual().name("run-events-" + runId).start(() -> follow(runId, emitter));
		return emitter;
	}

	private void follow(String runId, SseEmitter emitter) {
		long sent = 0;
		@Nullable Object last = null;
		long quietSince = System.nanoTime();
		try {
			while (!this.closing) {
				RunView view = RunView.of(this.reports.progress(runId), this.runs);
				Object seen = new Seen(view.status(), view.items(), view.spentUsd());
				if (!Objects.equals(seen, last)) {
					emitter.send(SseEmitter.event().name("progress").id(Long.toString(++sent)).data(view));
					last = seen;
					quietSince = System.nanoTime();
				}
				else if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
					emitter.send(SseEmitter.event().comment("still running"));
					quietSince = System.nanoTime();
				}
				if (RunStatus.valueOf(view.status()).isFinal()) {
					emitter.send(SseEmitter.event().name("end").id(Long.toString(++sent)).data(view));
					emitter.complete();
					return;
				}
				Thread.sleep(this.properties.eventInterval());
			}
			emitter.complete();
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away, or the response is already done
			emitter.completeWithError(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			emitter.complete();
		}
		catch (RuntimeException ex) {
			emitter.completeWithError(ex);
		}
	}

	/** Streams close when the server stops, so that it drains in time. */
	@PreDestroy
	void close() {
		this.closing = true;
		this.open.forEach(SseEmitter::complete);
	}

	/** What a progress event is sent for a change of. */
	private record Seen(String status, RunView.Items items, String spent) {
	}

}
