package io.imagebatch.estimate;

import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.cost.CostKey;
import io.imagebatch.cost.PriceTableLoader;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.RowSources;
import io.imagebatch.run.RunRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Estimates what an input would cost and take before anything is spent: reads every row
 * once, validated exactly as a run's load step validates it, and prices the valid ones at
 * list price. Rows are added up as they are read, so an input of any size is estimated in
 * little memory. Creates no run, writes nothing, calls no gateway.
 */
@Component
public class SpendEstimates {

	private final RowSources sources;

	private final ObjectProvider<Gateways> gateways;

	private final PriceTableLoader prices;

	private final ModelCatalog catalog;

	SpendEstimates(RowSources sources, ObjectProvider<Gateways> gateways, PriceTableLoader prices,
			ModelCatalog catalog) {
		this.sources = sources;
		this.gateways = gateways;
		this.prices = prices;
		this.catalog = catalog;
	}

	/**
	 * Estimates a run request: its source, defaults and gateway, and whether rows already
	 * done for the source are left out (resolved as a run of the request would resolve
	 * it); its name, budget and concurrency change nothing here.
	 * @param request the request
	 * @return the estimate
	 * @throws io.imagebatch.input.InputException when the input cannot be used, as
	 * {@link io.imagebatch.run.Runs#create} would find
	 * @throws IllegalArgumentException for an unknown gateway
	 */
	public SpendEstimate estimate(RunRequest request) {
		Gateways configured = this.gateways.getObject();
		String chosen = configured.get(request.gateway()).name();
		SpendTally tally = new SpendTally(SpendTally.ListPrices.of(this.prices.load()),
				(row) -> CostKey.of(row, this.catalog));
		long alreadyDone = this.sources.validate(request.source(), request.defaults(), chosen,
				this.sources.skipDone(request), tally::add);
		return tally.estimate(request.source(), chosen, alreadyDone, (name) -> configured.get(name).limits());
	}

	/**
	 * Estimates an input with the source's defaults, as {@link #estimate(RunRequest)}.
	 * @param source a CSV path, {@code s3://bucket/key.csv} or {@code db:<source>}
	 * @param defaults values for columns a row leaves empty
	 * @param gateway the gateway of rows that name none, {@code null} for the default
	 * @return the estimate
	 */
	public SpendEstimate estimate(String source, RowDefaults defaults, @Nullable String gateway) {
		return estimate(new RunRequest(source, null, gateway, defaults, null, null, null));
	}

}
