/**
 * Cron schedules that submit runs: exactly one run per firing across any number of
 * {@code serve} processes, overlap and misfire policies, spend caps per day and month,
 * and a record of every firing with what became of it.
 */
@NullMarked
package io.imagebatch.schedule;

import org.jspecify.annotations.NullMarked;
