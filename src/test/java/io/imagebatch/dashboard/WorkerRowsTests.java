package io.imagebatch.dashboard;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.imagebatch.gateway.GatewayStatus;
import io.imagebatch.ratelimit.TrafficControl;
import io.imagebatch.run.Worker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerRowsTests {

	@Test
	void aGatewayPacedBelowItsLimitShowsTheShareOnItsMeter() {
		// given
		GatewayStatus gateway = new GatewayStatus("sim", URI.create("http://localhost:8090/v1"), 8,
				new TrafficControl.Limits(60, null), 45.0, 2, 3, 17L);

		// when
		WorkerRows.GatewayRow row = WorkerRows.of(List.of(), List.of(gateway)).gateways().getFirst();

		// then
		assertThat(row.rate()).isEqualTo("45/min of 60/min");
		assertThat(row.rateShare()).isEqualTo("75.0");
		assertThat(row.inFlightShare()).isEqualTo("25.0");
		assertThat(row.rateLimited()).isEqualTo(3);
		assertThat(row.remainingRequests()).isEqualTo("17");
		assertThat(row.imageLimit()).isEqualTo("–");
	}

	@Test
	void aGatewayWithoutALimitSaysHowItIsPaced() {
		assertThat(WorkerRows.GatewayRow.rate(null, null)).startsWith("not paced");
		assertThat(WorkerRows.GatewayRow.rate(500.0, null))
			.isEqualTo("500/min (limit learnt from the gateway's headers)");
		GatewayStatus unlimited = new GatewayStatus("sim", URI.create("http://localhost"), 4,
				TrafficControl.Limits.NONE, null, 0, 0, null);
		WorkerRows.GatewayRow row = WorkerRows.of(List.of(), List.of(unlimited)).gateways().getFirst();
		assertThat(row.rateShare()).isNull();
		assertThat(row.remainingRequests()).isEqualTo("–");
	}

	@Test
	void aWorkerShowsItsHostAndHowLongAgoItBeat() {
		Worker worker = new Worker("w-1", "vm", 42, "serve", Instant.parse("2026-12-03T10:00:00Z"),
				Instant.parse("2026-12-03T10:05:00Z"), Duration.ofSeconds(3), 2, null);

		WorkerRows.WorkerRow row = WorkerRows.of(List.of(worker), List.of()).workers().getFirst();

		assertThat(row.host()).isEqualTo("vm (pid 42)");
		assertThat(row.lastBeat()).isEqualTo("2026-12-03 10:05:00 UTC · 3s ago");
		assertThat(row.runsOwned()).isEqualTo("–");
	}

}
