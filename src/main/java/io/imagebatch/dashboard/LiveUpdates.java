package io.imagebatch.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.imagebatch.web.WebProperties;
import jakarta.annotation.PreDestroy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Tells an open page that what it shows has changed: a {@code changed} Server-Sent Event,
 * on which htmx fetches the part of the page again, and {@code end} when nothing will
 * change any more (the page's {@code sse-close}). The stream carries no data, so a page
 * is rendered by the same controller whether it is loaded or refreshed. Each stream looks
 * at what its page shows on a virtual thread every {@code imagebatch.web.event-interval},
 * and closes when the server stops so that it drains in time.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Component
class LiveUpdates {

	/** A quiet stream gets a comment this often, so proxies do not close it. */
	private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

	private final WebProperties properties;

	private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();

	private volatile boolean closing;

	LiveUpdates(WebProperties properties) {
		this.properties = properties;
	}

	/**
	 * A stream that sends {@code changed} whenever {@code state} reads differently from
	 * the time before, and ends once {@code ended} holds for a state it sent (or read
	 * first).
	 * @param name names the stream's thread
	 * @param state what the page shows, in a form that compares equal when nothing
	 * changed
	 * @param ended whether nothing will change any more
	 */
	<T> SseEmitter follow(String name, Supplier<T> state, Predicate<T> ended) {
		SseEmitter emitter = new SseEmitter(0L);
		this.open.add(emitter);
		emitter.onCompletion(() -> this.open.remove(emitter));
		emitter.onError((ex) -> this.open.remove(emitter));
		Thread.ofVirtual().name("live-" + name).start(() -> send(emitter, state, ended));
		return emitter;
	}

	private <T> void send(SseEmitter emitter, Supplier<T> state, Predicate<T> ended) {
		@Nullable T last = null;
		boolean first = true;
		long quietSince = System.nanoTime();
		try {
			// answers the request at once: the page knows its stream is open
			emitter.send(SseEmitter.event().comment("following"));
			while (!this.closing) {
				T seen = state.get();
				if (!first && !Objects.equals(seen, last)) {
					emitter.send(SseEmitter.event().name("changed").data(""));
					quietSince = System.nanoTime();
				}
				else if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
					emitter.send(SseEmitter.event().comment("nothing new"));
					quietSince = System.nanoTime();
				}
				if (ended.test(seen)) {
					// the page closes its stream on this, rather than connecting again
					emitter.send(SseEmitter.event().name("end").data(""));
					break;
				}
				first = false;
				last = seen;
				Thread.sleep(this.properties.eventInterval());
			}
			emitter.complete();
		}
		catch (IOException | IllegalStateException ex) {
			// the page was closed, or the response is already done
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

	@PreDestroy
	void close() {
		this.closing = true;
		this.open.forEach(SseEmitter::complete);
	}

}
