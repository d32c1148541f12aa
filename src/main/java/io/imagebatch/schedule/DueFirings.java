package io.imagebatch.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The fire times of a schedule that are due at an instant, split into those on time and
 * those missed (older than {@code misfire-after}), and the schedule's next fire time
 * after them. A frequent schedule after a long outage has too many missed times to list:
 * past {@value #MOST_COUNTED} of them the count stops and the stretch jumps to the recent
 * past.
 *
 * @param onTime fire times late by less than the misfire threshold, in order
 * @param missed how many fire times were missed (a lower bound when {@code countStopped})
 * @param countStopped whether the count stopped at {@value #MOST_COUNTED}
 * @param firstMissed the first missed fire time, if any
 * @param lastMissed the last missed fire time, if any
 * @param next the first fire time after the instant, {@code null} when there is none
 */
record DueFirings(List<Instant> onTime, long missed, boolean countStopped, @Nullable Instant firstMissed,
		@Nullable Instant lastMissed, @Nullable Instant next) {

	static final int MOST_COUNTED = 10_000;

	static DueFirings at(Instant now, Instant nextFireAt, FireTimes times, Duration misfireAfter) {
		List<Instant> onTime = new ArrayList<>();
		long missed = 0;
		boolean countStopped = false;
		Instant firstMissed = null;
		Instant lastMissed = null;
		Instant missedBefore = now.minus(misfireAfter);
		Instant time = nextFireAt;
		while (time != null && !time.isAfter(now)) {
			if (time.isBefore(missedBefore)) {
				missed++;
				firstMissed = (firstMissed != null) ? firstMissed : time;
				lastMissed = time;
				if (missed == MOST_COUNTED) {
					countStopped = true;
					// the last missed time is found from the recent past instead
					Instant last = lastBefore(times, missedBefore);
					lastMissed = (last != null && last.isAfter(time)) ? last : time;
					time = times.next(lastMissed);
					continue;
				}
			}
			else {
				onTime.add(time);
			}
			time = times.next(time);
		}
		return new DueFirings(List.copyOf(onTime), missed, countStopped, firstMissed, lastMissed, time);
	}

	/** The last fire time before an instant, looked for in the day before it. */
	private static @Nullable Instant lastBefore(FireTimes times, Instant before) {
		Instant last = null;
		for (Instant time = times.next(before.minus(Duration.ofDays(1))); time != null
				&& time.isBefore(before); time = times.next(time)) {
			last = time;
		}
		return last;
	}

	/** The missed stretch, in words. */
	String missedStretch() {
		if (this.missed == 1 && !this.countStopped) {
			return "1 firing at %s was missed".formatted(this.lastMissed);
		}
		return String.format(Locale.ROOT,
				(this.countStopped ? "more than " : "") + "%,d firings from %s to %s were missed", this.missed,
				this.firstMissed, this.lastMissed);
	}

}
