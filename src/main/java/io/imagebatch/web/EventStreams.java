package io.imagebatch.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Event streams that follow something by looking at it: each stream reads it
 * on a virtual thread every {@code imagebatch.web.event-interval}, sends an event when
 * what it shows has changed (and on the first read, so that nothing between a page's
 * rendering and its stream is missed), an {@code end} event once it will not change any
 * more, and a comment when quiet so that proxies keep it open. Streams close when the
 * server stops, so that it drains in time. The API's run events and the dashboard's pages
 * follow runs through it.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Component
public class EventStreams {

	/** A quiet stream gets a comment this often, so proxies do not close it. */
	private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

	private final WebProperties properties;

	private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();

	private volatile boolean closing;

	EventStreams(WebProperties properties) {
		this.properties = properties;
	}

	/**
	 * A stream of {@code event}s carrying {@code data} of what {@code read} gives, one
	 * whenever {@code seen} of it differs from the time before, then {@code end} (with
	 * the same data) once {@code ended} holds.
	 * @param name names the stream's thread
	 * @param read what is followed, read anew each time
	 * @param seen the part of it whose change is worth an event
	 * @param ended whether it will not change any more
	 * @param event the name of the change events
	 * @param data what an event carries
	 */
	public <T> SseEmitter follow(String name, Supplier<T> read, Function<? super T, ?> seen, Predicate<? super T> ended,
			String event, Function<? super T, Object> data) {
		SseEmitter emitter = new SseEmitter(0L);
		this.open.add(emitter);
		emitter.onCompletion(() -> this.open.remove(emitter));
		emitter.onError((ex) -> this.open.remove(emitter));
		Thread.ofVirtual().name("events-" + name).start(() -> {
			try {
				send(emitter, read, seen, ended, event, data);
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
		});
		return emitter;
	}

	private <T> void send(SseEmitter emitter, Supplier<T> read, Function<? super T, ?> seen, Predicate<? super T> ended,
			String event, Function<? super T, Object> data) throws IOException, InterruptedException {
		// answers the request at once: the client knows its stream is open
		emitter.send(SseEmitter.event().comment("following"));
		long sent = 0;
		@Nullable Object last = null;
		boolean first = true;
		long quietSince = System.nanoTime();
		while (!this.closing) {
			T now = read.get();
			Object shown = seen.apply(now);
			if (first || !Objects.equals(shown, last)) {
				emitter.send(SseEmitter.event().name(event).id(Long.toString(++sent)).data(data.apply(now)));
				quietSince = System.nanoTime();
			}
			else if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
				emitter.send(SseEmitter.event().comment("nothing new"));
				quietSince = System.nanoTime();
			}
			if (ended.test(now)) {
				emitter.send(SseEmitter.event().name("end").id(Long.toString(++sent)).data(data.apply(now)));
				return;
			}
			first = false;
			last = shown;
			Thread.sleep(this.properties.eventInterval());
		}
	}

	@PreDestroy
	void close() {
		this.closing = true;
		this.open.forEach(SseEmitter::complete);
	}

}
