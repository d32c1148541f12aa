package io.imagebatch.run;

import io.imagebatch.cost.PriceTable;
import io.imagebatch.gateway.Gateway;
import io.imagebatch.storage.ImageStore;

/**
 * What the items of one run are generated with, fixed at the run's start.
 *
 * @param runId the run
 * @param gateway the gateway its calls go to
 * @param store where its images go
 * @param prices the prices its calls are charged at
 */
record RunContext(String runId, Gateway gateway, ImageStore store, PriceTable prices) {

}
