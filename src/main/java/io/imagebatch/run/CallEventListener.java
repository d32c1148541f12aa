package io.imagebatch.run;

/**
 * Hears {@link CallEvent}s as they happen. Called by every item's thread, hundreds of
 * times a second: an implementation must be quick, must not block and must not throw.
 */
@FunctionalInterface
public interface CallEventListener {

	void on(CallEvent event);

}
