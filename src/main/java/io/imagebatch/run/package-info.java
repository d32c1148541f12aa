/**
 * Runs and their items: the Spring Batch job that loads rows, generates images and
 * finishes a run; items as the durable work queue; run reports.
 */
@NullMarked
package io.imagebatch.run;

import org.jspecify.annotations.NullMarked;
