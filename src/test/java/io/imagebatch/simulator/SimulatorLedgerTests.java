package io.imagebatch.simulator;

import io.imagebatch.simulator.SimulatorLedger.GeneratedRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorLedgerTests {

	@Test
	void keepsRecordsUpToItsCapacityAndCountsTheRest() {
		// given
		SimulatorLedger ledger = new SimulatorLedger(2);

		// when
		for (int index = 0; index < 3; index++) {
			ledger.recordImage(new GeneratedRecord("dall-e-2", "256x256", null, index, 3, "A cat", "url", "00", 1));
		}

		// then
		assertThat(ledger.imagesGenerated()).isEqualTo(3);
		assertThat(ledger.generated()).extracting(GeneratedRecord::index).containsExactly(0, 1);
	}

	@Test
	void countsEachErrorStatusUnderItsOwnHeading() {
		// given
		SimulatorLedger ledger = new SimulatorLedger(10);

		// when
		ledger.recordError(429);
		ledger.recordError(429);
		ledger.recordError(503);
		ledger.recordError(402);
		ledger.recordError(400);
		ledger.recordDrop();

		// then
		assertThat(ledger.rateLimited()).isEqualTo(2);
		assertThat(ledger.serverErrors()).isEqualTo(1);
		assertThat(ledger.rejected()).isEqualTo(2);
		assertThat(ledger.dropped()).isEqualTo(1);
	}

}
