package io.imagebatch.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Whether the process running a run is still there: it beats every few seconds.
 *
 * @param heartbeatAt when it last beat
 * @param owner which process ({@code pid@host})
 */
public record RunLiveness(@Nullable Instant heartbeatAt, @Nullable String owner) {

	/** A run that has not beaten for this long belongs to a process that died. */
	public static final Duration STALE_AFTER = Duration.ofSeconds(20);

	/** How often a running process beats. */
	static final Duration INTERVAL = Duration.ofSeconds(5);

	/**
	 * Whether the process is gone: on this machine its pid is not alive (known at once);
	 * elsewhere it has not beaten for {@link #STALE_AFTER}.
	 */
	public boolean isGone(Instant now) {
		if (this.heartbeatAt == null || this.heartbeatAt.plus(STALE_AFTER).isBefore(now)) {
			return true;
		}
		return localPid().map((pid) -> ProcessHandle.of(pid).map((handle) -> !handle.isAlive()).orElse(true))
			.orElse(false);
	}

	/** The owner's pid when it ran on this machine ({@code pid@host} with our host). */
	private Optional<Long> localPid() {
		if (this.owner == null || !this.owner.contains("@")) {
			return Optional.empty();
		}
		String[] parts = this.owner.split("@", 2);
		String here = RunHeartbeat.OWNER.substring(RunHeartbeat.OWNER.indexOf('@') + 1);
		if (!parts[1].equals(here)) {
			return Optional.empty();
		}
		try {
			return Optional.of(Long.parseLong(parts[0]));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
