package io.imagebatch.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.imagebatch.testsupport.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class RememberedPasswordChecksTests {

	private final CountingEncoder bcrypt = new CountingEncoder();

	private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-03T12:00:00Z"));

	private final String hash = new BCryptPasswordEncoder(4).encode("right");

	private final RememberedPasswordChecks checks = new RememberedPasswordChecks(this.bcrypt, Duration.ofMinutes(5), 2,
			this.clock);

	@Test
	void aPasswordThatMatchedIsNotCheckedAgainWithinTheTime() {
		assertThat(this.checks.matches("right", this.hash)).isTrue();
		assertThat(this.checks.matches("right", this.hash)).isTrue();

		assertThat(this.bcrypt.checks.get()).isEqualTo(1);
	}

	@Test
	void aWrongPasswordIsCheckedEveryTimeAndNeverMatches() {
		this.checks.matches("right", this.hash);

		assertThat(this.checks.matches("wrong", this.hash)).isFalse();
		assertThat(this.checks.matches("wrong", this.hash)).isFalse();

		assertThat(this.bcrypt.checks.get()).isEqualTo(3);
	}

	@Test
	void aMatchIsCheckedAgainOnceTheTimeIsUpOrForAnotherHash() {
		this.checks.matches("right", this.hash);
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.checks.matches("right", this.hash)).isTrue();
		String newHash = new BCryptPasswordEncoder(4).encode("other");

		assertThat(this.checks.matches("right", newHash)).isFalse();

		assertThat(this.bcrypt.checks.get()).isEqualTo(3);
	}

	@Test
	void onlyTheMostRecentMatchesAreRemembered() {
		this.checks.matches("right", this.hash);
		String second = new BCryptPasswordEncoder(4).encode("second");
		String third = new BCryptPasswordEncoder(4).encode("third");
		this.checks.matches("second", second);
		this.checks.matches("third", third);

		this.checks.matches("right", this.hash);

		assertThat(this.bcrypt.checks.get()).isEqualTo(4);
	}

	private static final class CountingEncoder implements PasswordEncoder {

		private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);

		private final AtomicInteger checks = new AtomicInteger();

		@Override
		public @Nullable String encode(@Nullable CharSequence rawPassword) {
			return this.bcrypt.encode(rawPassword);
		}

		@Override
		public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
			this.checks.incrementAndGet();
			return this.bcrypt.matches(rawPassword, encodedPassword);
		}

	}

}
