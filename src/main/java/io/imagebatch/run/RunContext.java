package io.imagebatch.run;

import io.imagebatch.cost.PriceTable;
import io.imagebatch.gateway.Gateway;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.storage.ImageStore;

/**
 * What the items of one run are generated with, fixed at the run's start.
 *
 * @param runId the run
 * @param gateways the gateways; an item's {@code gateway} column picks one
 * @param defaultGateway the run's gateway, for items that name none
 * @param store where its images go
 * @param prices the prices its calls are charged at
 * @param budget its spending cap
 */
record RunContext(String runId, Gateways gateways, String defaultGateway, ImageStore store, PriceTable prices,
		RunBudgets.Budget budget) {

	/** The column of the input that picks a gateway for one row. */
	static final String GATEWAY_COLUMN = "gateway";

	Gateway gatewayFor(Item item) {
		String named = item.metadata().get(GATEWAY_COLUMN);
		return this.gateways.get((named != null) ? named : this.defaultGateway);
	}

}
