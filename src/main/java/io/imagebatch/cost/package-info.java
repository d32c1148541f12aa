/**
 * What calls cost: the price table (seeded by Flyway, overridable by configuration), the
 * one rule that turns an answered call into money, and the ledger of cost entries.
 */
@NullMarked
package io.imagebatch.cost;

import org.jspecify.annotations.NullMarked;
