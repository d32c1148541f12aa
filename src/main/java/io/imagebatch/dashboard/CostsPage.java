package io.imagebatch.dashboard;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostGrouping;
import io.imagebatch.cost.CostLedger;
import io.imagebatch.cost.CostLine;
import io.imagebatch.cost.CostPeriod;
import io.imagebatch.cost.CostPeriodRefused;
import io.imagebatch.cost.DailySpend;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Spending over every run between two days: by day and by model, size and quality, as
 * charts and tables, with the totals {@code GET /api/costs} answers for the same days,
 * and either table as a CSV file.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
class CostsPage {

	/** Without dates the page shows the last 30 days, today included. */
	static final int DEFAULT_DAYS = 30;

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private final CostLedger ledger;

	private final Clock clock;

	CostsPage(CostLedger ledger, Clock clock) {
		this.ledger = ledger;
		this.clock = clock;
	}

	@GetMapping("/costs")
	String costs(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			@RequestParam(defaultValue = "UTC") String zone, Model view, HttpServletResponse response) {
		view.addAttribute("zone", zone);
		view.addAttribute("from", from);
		view.addAttribute("to", to);
		CostPeriod period;
		try {
			period = period(from, to, zone);
		}
		catch (CostPeriodRefused ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			view.addAttribute("problem", ex.getMessage());
			return "dashboard/costs";
		}
		view.addAttribute("from", period.from());
		view.addAttribute("to", period.to());
		view.addAttribute("zone", period.zone().getId());
		view.addAttribute("spending", SpendingRows.of(period, this.ledger.byDay(period), this.ledger.byModel(period)));
		return "dashboard/costs";
	}

	@GetMapping("/costs.csv")
	ResponseEntity<String> csv(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
			@RequestParam(defaultValue = "UTC") String zone, @RequestParam(defaultValue = "day") CostGrouping groupBy) {
		CostPeriod period;
		try {
			period = period(from, to, zone);
		}
		catch (CostPeriodRefused ex) {
			return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(ex.getMessage() + "\n");
		}
		String name = "costs-%s-%s-by-%s.csv".formatted(period.from(), period.to(), groupBy.name());
		return ResponseEntity.ok()
			.contentType(CSV)
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
			.body(switch (groupBy) {
				case day -> dayCsv(period);
				case model -> modelCsv(period);
			});
	}

	/** The days asked for, or the last {@link #DEFAULT_DAYS} in the zone. */
	private CostPeriod period(@Nullable LocalDate from, @Nullable LocalDate to, String zone) {
		ZoneId zoneId = CostPeriod.zone(zone);
		LocalDate last = (to != null) ? to : LocalDate.now(this.clock.withZone(zoneId));
		LocalDate first = (from != null) ? from : last.minusDays(DEFAULT_DAYS - 1);
		return new CostPeriod(first, last, zoneId);
	}

	private String dayCsv(CostPeriod period) {
		StringWriter out = new StringWriter();
		try (CSVPrinter csv = header(out, "day", "images", "cost_usd", "unpriced_images")) {
			for (DailySpend day : this.ledger.byDay(period)) {
				csv.printRecord(day.day(), day.images(), Cost.format(day.usd()), day.unpricedImages());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	private String modelCsv(CostPeriod period) {
		StringWriter out = new StringWriter();
		try (CSVPrinter csv = header(out, "model", "size", "quality", "images", "cost_usd", "unpriced_images", "mode",
				"saved_usd")) {
			for (CostLine line : this.ledger.byModel(period)) {
				csv.printRecord(line.model(), line.size(), line.quality(), line.images(), Cost.format(line.usd()),
						line.unpricedImages(), line.mode().id(), Cost.format(line.savedUsd()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	private static CSVPrinter header(StringWriter out, String... columns) throws IOException {
		return new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(columns).get());
	}

}
