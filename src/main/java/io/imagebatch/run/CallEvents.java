package io.imagebatch.run;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Where the run module's {@link CallEvent}s go: to the application's listeners (the
 * metrics), or nowhere. Delivered directly on the caller's thread, without Spring's event
 * multicaster: no lookup per event, and nothing to fail while the context shuts down
 * around the calls still finishing. A listener that throws cannot fail an item.
 */
@Component
class CallEvents {

	private static final Logger logger = LoggerFactory.getLogger(CallEvents.class);

	private final List<CallEventListener> listeners;

	CallEvents(ObjectProvider<CallEventListener> listeners) {
		this.listeners = listeners.orderedStream().toList();
	}

	void publish(CallEvent event) {
		for (CallEventListener listener : this.listeners) {
			try {
				listener.on(event);
			}
			catch (RuntimeException ex) {
				logger.debug("A call event listener failed on {}", event.getClass().getSimpleName(), ex);
			}
		}
	}

}
