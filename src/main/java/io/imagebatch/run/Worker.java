package io.imagebatch.run;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A process that executes items, as the {@code worker} table knows it.
 *
 * @param id its id
 * @param host its host name
 * @param pid its pid on that host
 * @param kind what command it runs ({@code generate}, {@code worker}, {@code serve}…)
 * @param startedAt when it registered
 * @param beatAt when it last beat
 * @param sinceBeat how long ago that was, on the database's clock
 * @param itemsInFlight items it holds in flight now
 * @param runsOwned runs whose job it owns
 */
public record Worker(String id, String host, long pid, String kind, Instant startedAt, Instant beatAt,
		Duration sinceBeat, long itemsInFlight, @Nullable String runsOwned) {

}
