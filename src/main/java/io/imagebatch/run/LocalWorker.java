package io.imagebatch.run;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * This process as a worker: registered in the {@code worker} table by the first command
 * that executes items, beating every {@code beat-interval}. Each beat also declares dead
 * the workers whose beat went stale and puts their items back in the queue, so any live
 * worker recovers from any dead one. While it works it samples its runs for their
 * timelines.
 */
@Component
class LocalWorker implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(LocalWorker.class);

	private final WorkerRepository workers;

	private final WorkerProperties properties;

	private final RunSampler sampler;

	private final ScheduledExecutorService beats = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("worker-beat").factory());

	private @Nullable String kind;

	private volatile @Nullable String id;

	LocalWorker(WorkerRepository workers, WorkerProperties properties, RunSampler sampler) {
		this.workers = workers;
		this.properties = properties;
		this.sampler = sampler;
	}

	/**
	 * Registers this process, once.
	 * @param kind the command it runs
	 * @return its worker id
	 */
	synchronized String start(String kind) {
		if (this.id == null) {
			this.kind = kind;
			this.id = register();
			// items a dead process left in flight go back to the queue at once
			this.workers.reap(this.properties.staleAfter());
			long every = this.properties.beatInterval().toMillis();
			this.beats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
			this.sampler.start(this::id);
		}
		return this.id;
	}

	/** This process's worker id. */
	String id() {
		String current = this.id;
		if (current == null) {
			throw new IllegalStateException("this process executes no items: it is not a worker");
		}
		return current;
	}

	/** Whether {@code worker} is this process. */
	boolean is(@Nullable String worker) {
		return worker != null && worker.equals(this.id);
	}

	private String register() {
		String host = LocalProcesses.HOST;
		String id = ((host.length() > 60) ? host.substring(0, 60) : host) + "-" + LocalProcesses.PID + "-"
				+ HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
		this.workers.register(id, this.kind);
		return id;
	}

	private void beat() {
		try {
			if (!this.workers.beat(id())) {
				// beats were late for longer than stale-after (a long pause, a lost
				// database): the others took this worker's items; go on under a new name
				String presumedDead = id();
				this.id = register();
				logger.warn("This worker ({}) was presumed dead by the others and its items were taken back; "
						+ "it goes on as {}", presumedDead, this.id);
			}
			this.workers.reap(this.properties.staleAfter())
				.forEach((dead) -> logger.info("Worker {} stopped beating: its items are back in the queue", dead));
		}
		catch (RuntimeException ex) {
			// a missed beat is harmless; many in a row make this worker look dead, as it
			// should
			logger.warn("Worker beat failed: {}", ex.getMessage());
		}
	}

	/** This process stops working: what it still holds goes back to the queue. */
	synchronized void end(String reason) {
		this.beats.shutdownNow();
		String current = this.id;
		if (current != null) {
			// under this worker's id, which ends here
			this.sampler.stop();
			this.id = null;
			try {
				this.workers.end(current, reason);
			}
			catch (RuntimeException ex) {
				logger.warn("Worker {} could not sign off ({}); the others will find its beat stale", current,
						ex.getMessage());
			}
		}
	}

	@Override
	public void destroy() {
		end("left");
	}

}
