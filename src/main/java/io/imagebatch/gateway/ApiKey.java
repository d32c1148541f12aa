package io.imagebatch.gateway;

/**
 * A gateway API key. Its {@code toString} is masked so the key cannot reach a log, an
 * exception message or a report by accident; only the HTTP client reads
 * {@link #reveal()}, and the traffic control, which names the key's shared rate-limit
 * buckets by a hash of it.
 *
 * @param value the key
 */
public record ApiKey(String value) {

	/** The key itself, for the {@code Authorization} header only. */
	String reveal() {
		return this.value;
	}

	/** The key masked but recognisable: {@code sk-…9f2c}. */
	public String masked() {
		if (this.value.length() < 12) {
			return "****";
		}
		return this.value.substring(0, 3) + "…" + this.value.substring(this.value.length() - 4);
	}

	@Override
	public String toString() {
		return masked();
	}

}
