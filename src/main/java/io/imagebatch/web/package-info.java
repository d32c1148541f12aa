/**
 * {@code serve}'s web layer: the REST API (DESIGN §2.5), its security, problem details
 * and OpenAPI document. Controllers talk to the run, cost and worker modules' APIs, the
 * same ones the command line uses: no rule lives here.
 */
@NullMarked
package io.imagebatch.web;

import org.jspecify.annotations.NullMarked;
