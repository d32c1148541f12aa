package io.imagebatch.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The configured gateways by name, and which one is the default.
 */
public final class Gateways {

	private final Map<String, Gateway> byName;

	private final String defaultName;

	private final KeyRedaction redaction;

	Gateways(Map<String, Gateway> byName, @Nullable String defaultName, KeyRedaction redaction) {
		this.redaction = redaction;
		if (byName.isEmpty()) {
			throw new IllegalArgumentException("no gateway configured");
		}
		this.byName = new LinkedHashMap<>(byName);
		this.defaultName = (defaultName != null) ? defaultName : byName.keySet().iterator().next();
		if (!byName.containsKey(this.defaultName)) {
			throw new IllegalArgumentException(
					"imagebatch.default-gateway '" + defaultName + "' is not a configured gateway; configured: "
							+ String.join(", ", new java.util.TreeSet<>(byName.keySet())));
		}
	}

	/**
	 * A gateway by name.
	 * @param name the name, or {@code null} for the default
	 * @return the gateway
	 * @throws IllegalArgumentException for an unknown name
	 */
	public Gateway get(@Nullable String name) {
		if (name == null) {
			return this.byName.get(this.defaultName);
		}
		Gateway gateway = this.byName.get(name);
		if (gateway == null) {
			throw new IllegalArgumentException(
					"unknown gateway '" + name + "'; configured gateways: " + String.join(", ", names()));
		}
		return gateway;
	}

	/** Every configured gateway's name, sorted. */
	public java.util.SortedSet<String> names() {
		return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(this.byName.keySet()));
	}

	/** Every configured gateway as it stands now, by name. */
	public java.util.List<GatewayStatus> statuses() {
		return names().stream().map((name) -> this.byName.get(name).status()).toList();
	}

	/**
	 * The text with every configured key, and every echo of part of one, masked: for text
	 * that did not come through a gateway's failures, which are masked already.
	 * @param text any text that may be stored, logged or printed
	 * @return the text without keys
	 */
	public String redact(String text) {
		return this.redaction.redact(text);
	}

	/** The default gateway's name. */
	public String defaultName() {
		return this.defaultName;
	}

}
