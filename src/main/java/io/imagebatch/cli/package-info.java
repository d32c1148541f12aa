/**
 * The {@code imagebatch} command line: picocli commands over the run feature, with
 * progress, summaries and reports for people and JSON/CSV for programs.
 */
@NullMarked
package io.imagebatch.cli;

import org.jspecify.annotations.NullMarked;
