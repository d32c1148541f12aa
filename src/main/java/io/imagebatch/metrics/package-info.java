/**
 * The metrics of DESIGN §2.7, with Micrometer under the names Prometheus shows.
 * <p>
 * The other modules know nothing of Micrometer. The run module tells what happens to each
 * call as it happens ({@link io.imagebatch.run.CallEvent}s, past-tense records, handed
 * straight to each {@link io.imagebatch.run.CallEventListener}, as
 * {@link io.imagebatch.metrics.CallMeters} is); the gateways' traffic controls keep their
 * own counts, which meters read when scraped; item and run counts are read from the
 * database by status, at most every few seconds whatever the scrapes. Every meter's name
 * and tag is in {@link io.imagebatch.metrics.MeterNames}. Tags are low-cardinality by
 * construction: gateway, model, size, quality, an outcome from a fixed set, a status;
 * never a run, an item or a prompt.
 * <p>
 * A direct call instead of Spring's application events, because the hot path makes about
 * 200 calls a second, each with several events: a call on a known object costs a map
 * lookup and an increment, and it still works while the context shuts down around the
 * calls that finish during a graceful stop.
 */
@NullMarked
package io.imagebatch.metrics;

import org.jspecify.annotations.NullMarked;
