/**
 * What every feature stands on: the clock, the data directory, the embedded PostgreSQL
 * that serves when no datasource is configured, and text from outside made safe to print
 * or log.
 */
@NullMarked
package io.imagebatch.system;

import org.jspecify.annotations.NullMarked;
