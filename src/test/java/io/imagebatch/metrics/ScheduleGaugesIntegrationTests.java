package io.imagebatch.metrics;

import java.nio.file.Path;
import java.time.Duration;

import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.RunRequest;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.Runs;
import io.imagebatch.schedule.Firing;
import io.imagebatch.schedule.Misfire;
import io.imagebatch.schedule.Overlap;
import io.imagebatch.schedule.ScheduleSpec;
import io.imagebatch.schedule.Schedules;
import io.imagebatch.testsupport.GatewayTestBed;
import io.imagebatch.testsupport.Polling;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schedule's spend and the schedules by state, as Prometheus scrapes them.
 */
class ScheduleGaugesIntegrationTests {

	@TempDir
	Path temp;

	private GatewayTestBed bed;

	@AfterEach
	void close() {
		this.bed.close();
	}

	@Test
	void whatAScheduleSpentIsScrapedByScheduleAndPeriod() throws InterruptedException {
		this.bed = new GatewayTestBed(this.temp, "schedule-gauges");
		this.bed.gateway("sim", (settings) -> settings);
		ConfigurableApplicationContext context = this.bed
			.application("--spring.config.import=classpath:imagebatch-metrics.yml");
		Schedules schedules = context.getBean(Schedules.class);
		Path csv = this.bed
			.csv("id,prompt,model,size\n1,a gauged kite,dall-e-2,256x256\n2,a second kite,dall-e-2,256x256\n");
		schedules.create(new ScheduleSpec("gauged", "@monthly", "UTC",
				new RunRequest(csv.toString(), null, null, RowDefaults.NONE, null, null, null), true, Overlap.SKIP,
				Misfire.SKIP, null, null));
		schedules.create(new ScheduleSpec("idle", "@monthly", "UTC",
				new RunRequest(csv.toString(), null, null, RowDefaults.NONE, null, null, null), true, Overlap.SKIP,
				Misfire.SKIP, null, null));
		schedules.pause("idle");
		Firing firing = schedules.runNow("gauged", "tester");
		assertThat(context.getBean(Runs.class).execute(firing.runId()).status()).isEqualTo(RunStatus.COMPLETED);

		PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
		// the first scrape starts the read, a later one shows it
		Polling.until(Duration.ofSeconds(20), () -> registry.scrape().contains("schedule=\"gauged\""),
				() -> "the schedule's spend in a scrape");
		String scrape = registry.scrape();
		assertThat(scrape).contains(
				"imagebatch_schedule_spend_usd{application=\"imagebatch\",period=\"day\",schedule=\"gauged\"} 0.032")
			.contains(
					"imagebatch_schedule_spend_usd{application=\"imagebatch\",period=\"month\",schedule=\"gauged\"} 0.032")
			.contains("imagebatch_schedule_spend_usd{application=\"imagebatch\",period=\"day\",schedule=\"idle\"} 0.0")
			.contains("imagebatch_schedules{application=\"imagebatch\",state=\"enabled\"} 1.0")
			.contains("imagebatch_schedules{application=\"imagebatch\",state=\"paused\"} 1.0");
	}

}
