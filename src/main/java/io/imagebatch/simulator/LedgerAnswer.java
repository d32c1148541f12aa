package io.imagebatch.simulator;

import java.util.List;

import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What {@code /admin/ledger} shows: the counters, then every image generated.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record LedgerAnswer(long requests, long rejected, long rateLimited, long serverErrors, long dropped, long peakInFlight,
		long imagesGenerated, long downloads, long dripped, long endless, long hungUp, long redirects,
		List<GeneratedRecord> generated) {

	static LedgerAnswer of(SimulatorLedger ledger) {
		return new LedgerAnswer(ledger.requests(), ledger.rejected(), ledger.rateLimited(), ledger.serverErrors(),
				ledger.dropped(), ledger.peakInFlight(), ledger.imagesGenerated(), ledger.downloads(), ledger.dripped(),
				ledger.endless(), ledger.hungUp(), ledger.redirects(), ledger.generated());
	}

}
