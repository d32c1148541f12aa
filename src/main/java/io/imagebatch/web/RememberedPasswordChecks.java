package io.imagebatch.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.imagebatch.system.Sha256;
import org.jspecify.annotations.Nullable;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that remembers, for a while, which password matched which hash: HTTP
 * Basic sends the password with every request, and a bcrypt check costs tens of
 * milliseconds of CPU each time, which would be most of an API call's time. Only a
 * SHA-256 of the password and hash together is kept, only for a match, for at most
 * {@code remember} and for the {@code capacity} most recent; a changed hash (a new
 * configuration) never matches an old entry.
 */
class RememberedPasswordChecks implements PasswordEncoder {

	private final PasswordEncoder encoder;

	private final Duration remember;

	private final Clock clock;

	private final Map<String, Instant> matched;

	RememberedPasswordChecks(PasswordEncoder encoder, Duration remember, int capacity, Clock clock) {
		this.encoder = encoder;
		this.remember = remember;
		this.clock = clock;
		this.matched = new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
				return size() > capacity;
			}
		};
	}

	@Override
	public @Nullable String encode(@Nullable CharSequence rawPassword) {
		return this.encoder.encode(rawPassword);
	}

	@Override
	public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
		if (rawPassword == null || encodedPassword == null) {
			return this.encoder.matches(rawPassword, encodedPassword);
		}
		String key = Sha256.hex((rawPassword + "\u0000" + encodedPassword).getBytes(StandardCharsets.UTF_8));
		Instant now = this.clock.instant();
		synchronized (this.matched) {
			Instant until = this.matched.get(key);
			if (until != null && now.isBefore(until)) {
				return true;
			}
		}
		boolean matches = this.encoder.matches(rawPassword, encodedPassword);
		if (matches) {
			synchronized (this.matched) {
				this.matched.put(key, now.plus(this.remember));
			}
		}
		return matches;
	}

	@Override
	public boolean upgradeEncoding(@Nullable String encodedPassword) {
		return false;
	}

}
