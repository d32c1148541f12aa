/**
 * {@code serve}'s operations dashboard: server-rendered pages (Thymeleaf, htmx,
 * Server-Sent Events, uPlot charts) over the run, cost and worker modules' APIs, the same
 * ones the REST API and the command line use. Actions are plain forms with CSRF tokens,
 * shown to operators only and refused by the server for anyone else.
 */
@NullMarked
package io.imagebatch.dashboard;

import org.jspecify.annotations.NullMarked;
