/**
 * What an input would cost before anything is spent: every row validated as a run would
 * load it, priced at list price synchronously and in batch mode, with the time the
 * gateways' configured rate limits need. Creates no run, writes nothing, calls no
 * gateway.
 */
@NullMarked
package io.imagebatch.estimate;

import org.jspecify.annotations.NullMarked;
