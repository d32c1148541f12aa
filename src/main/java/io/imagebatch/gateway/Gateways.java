package io.imagebatch.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The configured gateways by name; the first is the default.
 */
public final class Gateways {

	private final Map<String, Gateway> byName;

	Gateways(Map<String, Gateway> byName) {
		if (byName.isEmpty()) {
			throw new IllegalArgumentException("no gateway configured");
		}
		this.byName = new LinkedHashMap<>(byName);
	}

	/**
	 * A gateway by name.
	 * @param name the name, or {@code null} for the default
	 * @return the gateway
	 * @throws IllegalArgumentException for an unknown name
	 */
	public Gateway get(@Nullable String name) {
		if (name == null) {
			return this.byName.values().iterator().next();
		}
		Gateway gateway = this.byName.get(name);
		if (gateway == null) {
			throw new IllegalArgumentException(
					"unknown gateway '" + name + "'; configured gateways: " + String.join(", ", this.byName.keySet()));
		}
		return gateway;
	}

	/** Every configured gateway's name, the default first. */
	public java.util.Set<String> names() {
		return java.util.Collections.unmodifiableSet(this.byName.keySet());
	}

	/** The default gateway's name. */
	public String defaultName() {
		return this.byName.keySet().iterator().next();
	}

}
