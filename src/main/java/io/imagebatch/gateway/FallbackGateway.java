package io.imagebatch.gateway;

/**
 * The gateway runs call when none is configured. The client knows nothing of where it
 * comes from; a dev-only part (the built-in simulator) supplies it, and without one a
 * process with no gateway configured has none.
 */
public interface FallbackGateway {

	/**
	 * The name runs know the fallback gateway by.
	 * @return the gateway name
	 */
	String name();

	/**
	 * How to call it; asked only when no gateway is configured, so a fallback may start
	 * on demand.
	 * @return the gateway settings
	 */
	GatewaySettings settings();

}
