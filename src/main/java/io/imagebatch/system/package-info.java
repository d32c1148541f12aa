/**
 * What every feature stands on: the clock, the data directory and the embedded PostgreSQL
 * that serves when no datasource is configured.
 */
@NullMarked
package io.imagebatch.system;

import org.jspecify.annotations.NullMarked;
