package io.imagebatch.catalog;

/**
 * A model of the catalog: its id and what it accepts.
 *
 * @param id the catalog id, without provider prefix
 * @param spec what the model accepts
 */
public record Model(String id, ModelSpec spec) {

}
