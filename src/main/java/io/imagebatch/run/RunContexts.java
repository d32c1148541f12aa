package io.imagebatch.run;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.imagebatch.cost.PriceTableLoader;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.storage.ImageStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What each run's items are generated with, built once per start of the run in each
 * process (a restart may bring a new budget, or new prices).
 */
@Component
class RunContexts {

	private final RunRepository runs;

	private final RunBudgets budgets;

	private final ObjectProvider<Gateways> gateways;

	private final ObjectProvider<ImageStore> store;

	private final PriceTableLoader prices;

	private final Map<String, Built> built = new ConcurrentHashMap<>();

	RunContexts(RunRepository runs, RunBudgets budgets, ObjectProvider<Gateways> gateways,
			ObjectProvider<ImageStore> store, PriceTableLoader prices) {
		this.runs = runs;
		this.budgets = budgets;
		this.gateways = gateways;
		this.store = store;
		this.prices = prices;
	}

	RunContext of(String runId, Instant startedAt) {
		Built known = this.built.get(runId);
		if (known != null && known.startedAt().equals(startedAt)) {
			return known.context();
		}
		Run run = this.runs.find(runId).orElseThrow(() -> new RunNotFound(runId));
		RunContext context = new RunContext(runId, this.gateways.getObject(), run.gateway(), this.store.getObject(),
				this.prices.load(), this.budgets.of(run));
		this.built.put(runId, new Built(startedAt, context));
		return context;
	}

	private record Built(Instant startedAt, RunContext context) {

	}

}
