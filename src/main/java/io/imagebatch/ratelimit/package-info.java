/**
 * Traffic control for gateway calls: token buckets for requests and images per minute (in
 * this process, or in PostgreSQL and shared by every process on a gateway key), a cap on
 * calls in flight, a shared pause when the gateway says to wait, and adaptation when the
 * configured limits turn out to be wrong.
 */
@NullMarked
package io.imagebatch.ratelimit;

import org.jspecify.annotations.NullMarked;
