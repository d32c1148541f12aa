package io.imagebatch.run;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Beats for every run this process executes, so that a run whose process died can be told
 * from one that is merely slow.
 */
@Component
class RunHeartbeat implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(RunHeartbeat.class);

	/** This process, as other processes see it. */
	static final String OWNER = ManagementFactory.getRuntimeMXBean().getName();

	private final ScheduledExecutorService beats = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("run-heartbeat").factory());

	private final Map<String, ScheduledFuture<?>> running = new ConcurrentHashMap<>();

	private final RunRepository runs;

	RunHeartbeat(RunRepository runs) {
		this.runs = runs;
	}

	void start(String runId) {
		long every = RunLiveness.INTERVAL.toMillis();
		this.running.computeIfAbsent(runId,
				(id) -> this.beats.scheduleAtFixedRate(() -> beat(id), every, every, TimeUnit.MILLISECONDS));
	}

	void stop(String runId) {
		ScheduledFuture<?> beat = this.running.remove(runId);
		if (beat != null) {
			beat.cancel(false);
		}
	}

	private void beat(String runId) {
		try {
			if (!this.runs.heartbeat(runId, OWNER)) {
				logger.debug("Run {} is no longer running in this process; its beat changes nothing", runId);
			}
		}
		catch (RuntimeException ex) {
			// a missed beat is harmless; many in a row make the run look dead, as it
			// should
			logger.warn("Heartbeat of run {} failed: {}", runId, ex.getMessage());
		}
	}

	@Override
	public void destroy() {
		this.beats.shutdownNow();
	}

}
