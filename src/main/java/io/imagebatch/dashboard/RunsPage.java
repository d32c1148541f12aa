package io.imagebatch.dashboard;

import java.util.Optional;

import io.imagebatch.run.Page;
import io.imagebatch.run.RunReports;
import io.imagebatch.run.RunStatus;
import io.imagebatch.web.EventStreams;
import io.imagebatch.web.WebProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The dashboard's home: every run, newest first, with its progress, pace, spending
 * against its budget and time left, filtered by status and searched by id, name or
 * source. While the page is open, a change to any run it lists refreshes the table.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
class RunsPage {

	private final RunReports reports;

	private final WebProperties properties;

	private final EventStreams streams;

	RunsPage(RunReports reports, WebProperties properties, EventStreams streams) {
		this.reports = reports;
		this.properties = properties;
		this.streams = streams;
	}

	@GetMapping("/")
	String runs(@RequestParam(required = false) @Nullable RunStatus status,
			@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "0") int page,
			Model model) {
		fill(model, status, q, page);
		model.addAttribute("statuses", RunStatus.values());
		return "dashboard/runs";
	}

	/** The table alone, as the page refreshes it. */
	@GetMapping("/runs/table")
	String table(@RequestParam(required = false) @Nullable RunStatus status,
			@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "0") int page,
			Model model) {
		fill(model, status, q, page);
		return "dashboard/runs :: table";
	}

	@GetMapping(path = "/runs/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter live(@RequestParam(required = false) @Nullable RunStatus status,
			@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "0") int page) {
		// a row changes while its run runs: its pace and time left move on
		return this.streams.follow("page-runs", () -> rows(status, q, page).content(), (rows) -> rows, (rows) -> false,
				RunPage.CHANGED, (rows) -> "");
	}

	private void fill(Model model, @Nullable RunStatus status, @Nullable String q, int page) {
		Page<RunRow> rows = rows(status, q, page);
		model.addAttribute("rows", rows.content());
		model.addAttribute("page",
				PageLinks.of(rows,
						UriComponentsBuilder.fromPath("/")
							.queryParamIfPresent("status", Optional.ofNullable(status))
							.queryParamIfPresent("q", Optional.ofNullable(q).filter((text) -> !text.isBlank()))));
		model.addAttribute("status", status);
		model.addAttribute("q", (q != null) ? q.strip() : "");
	}

	private Page<RunRow> rows(@Nullable RunStatus status, @Nullable String q, int page) {
		return this.reports.progressOfRuns(status, q, Math.max(page, 0), this.properties.pageSize()).map(RunRow::of);
	}

}
