package io.imagebatch.dashboard;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.imagebatch.cost.CostLine;
import io.imagebatch.cost.SpendingTotal;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ResubmissionPlan;
import io.imagebatch.run.Resubmissions;
import io.imagebatch.run.Resubmission;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunChangedConcurrently;
import io.imagebatch.run.RunProgress;
import io.imagebatch.run.RunReports;
import io.imagebatch.run.Runs;
import io.imagebatch.web.EventStreams;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One run: where it stands (live), its pace, calls in flight and rate-limit waits over
 * time, what it cost by model, size and quality, its failures grouped by type and gateway
 * code, its lineage, and for operators the actions: stop, restart, and resubmit all
 * failures, one type, or chosen items with their prompt or parameters edited. A
 * resubmission is checked as the command line checks it: an edit that leaves an item
 * invalid is refused with its reason and nothing is created.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
class RunPage {

	/**
	 * The event on which a page part fetches itself again: it carries no data, so a part
	 * is rendered by the same controller whether loaded or refreshed.
	 */
	static final String CHANGED = "changed";

	/** The items of a failure group the page lists for choosing and editing. */
	static final int GROUP_ITEMS_SHOWN = 50;

	private final Runs runs;

	private final RunReports reports;

	private final Resubmissions resubmissions;

	private final EventStreams streams;

	RunPage(Runs runs, RunReports reports, Resubmissions resubmissions, EventStreams streams) {
		this.runs = runs;
		this.reports = reports;
		this.resubmissions = resubmissions;
		this.streams = streams;
	}

	@GetMapping("/runs/{id}")
	String run(@PathVariable String id, Model model) {
		details(id, model);
		return "dashboard/run";
	}

	/** Counts, progress, spending and pace: what changes while the run runs. */
	@GetMapping("/runs/{id}/summary")
	String summary(@PathVariable String id, Model model) {
		addSummary(id, model);
		return "dashboard/run :: run-summary";
	}

	/** Costs, failures and lineage: refreshed less often, as they cost more to read. */
	@GetMapping("/runs/{id}/details")
	String details(@PathVariable String id, Model model) {
		String runId = addSummary(id, model).id();
		// not the whole report: its counts of items and stored images, which the summary
		// shows already, would be most of the page's time on a large run
		List<CostLine> lines = this.reports.costLines(runId);
		SpendingTotal total = SpendingTotal.ofLines(lines);
		model.addAttribute("costs", CostTable.of(lines, total.usd(), total.unpricedImages()));
		model.addAttribute("failures", this.reports.failureGroups(runId).stream().map(FailureRow::of).toList());
		model.addAttribute("lineage", LineageView.of(this.reports.lineage(runId)));
		model.addAttribute("timeline", TimelineCharts.of(this.reports.timeline(runId)));
		return "dashboard/run :: run-details";
	}

	/** Adds what the summary shows. */
	private Run addSummary(String id, Model model) {
		RunProgress progress = this.reports.progress(id);
		model.addAttribute("run", RunRow.of(progress));
		model.addAttribute("about", RunFacts.of(progress.run(), this.runs));
		Run run = progress.run();
		model.addAttribute("batches", (run.mode() == CallMode.BATCH)
				? ProviderBatchTable.of(run.status(), this.runs.batchParts(run.id())) : null);
		return run;
	}

	/** A failure group's first items, each to choose and edit before resubmitting. */
	@GetMapping("/runs/{id}/failures")
	String failureGroup(@PathVariable String id, @RequestParam ErrorType type,
			@RequestParam(required = false) @Nullable String code, Model model) {
		String blankAsNone = (code != null && !code.isBlank()) ? code : null;
		model.addAttribute("runId", this.runs.find(id).id());
		model.addAttribute("type", type);
		model.addAttribute("code", blankAsNone);
		model.addAttribute("items", this.reports.failuresIn(id, type, blankAsNone, GROUP_ITEMS_SHOWN));
		model.addAttribute("shown", GROUP_ITEMS_SHOWN);
		return "dashboard/failure-group :: group-items";
	}

	@GetMapping(path = "/runs/{id}/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter live(@PathVariable String id) {
		String runId = this.runs.find(id).id();
		return this.streams.follow("page-run-" + runId, () -> seen(runId), (seen) -> seen, Seen::ended, CHANGED,
				(seen) -> "");
	}

	@PostMapping("/runs/{id}/stop")
	String stop(@PathVariable String id, RedirectAttributes redirect) {
		return act(id, redirect, () -> {
			this.runs.stop(id);
			return "Stopping: no new calls start; calls in flight are finished and stored.";
		});
	}

	@PostMapping("/runs/{id}/restart")
	String restart(@PathVariable String id,
			@RequestParam(name = "budget_usd", required = false) @Nullable String budget, RedirectAttributes redirect) {
		return act(id, redirect, () -> {
			this.runs.restartAnywhere(id, Forms.usd(budget, "budget"));
			return "Restarted: the first worker free continues it, without redoing settled items.";
		});
	}

	/**
	 * Resubmits the run's failures: all of them, one error type ({@code type}), or the
	 * chosen {@code items}, each with its {@code prompt:<id>} when it differs from
	 * {@code original:<id>}, and the columns of {@code set} ({@code size=1024x1024,
	 * quality=hd}) on every one.
	 */
	@PostMapping("/runs/{id}/resubmit")
	String resubmit(@PathVariable String id, @RequestParam MultiValueMap<String, String> form,
			RedirectAttributes redirect) {
		try {
			Run parent = this.runs.find(id);
			Set<ErrorType> types = new LinkedHashSet<>();
			String type = form.getFirst("type");
			if (type != null && !type.isBlank()) {
				types.add(Forms.errorType(type));
			}
			List<String> items = form.getOrDefault("items", List.of());
			Map<String, Map<String, String>> edits = new LinkedHashMap<>();
			for (String item : items) {
				String prompt = form.getFirst("prompt:" + item);
				if (prompt != null
						&& !prompt.strip().equals(String.valueOf(form.getFirst("original:" + item)).strip())) {
					edits.put(item, Map.of("prompt", prompt));
				}
			}
			Resubmission resubmission = new Resubmission(parent.id(), types, new LinkedHashSet<>(items),
					Forms.columns(form.getFirst("set")), edits);
			ResubmissionPlan plan = this.resubmissions.create(resubmission, null, null,
					Forms.usd(form.getFirst("budget_usd"), "budget"), null, null);
			redirect.addFlashAttribute("notice", "Resubmitted " + plan.items() + " item"
					+ ((plan.items() == 1) ? "" : "s") + " of run " + parent.id() + " as this run.");
			return "redirect:/runs/" + plan.run().id();
		}
		catch (IllegalArgumentException | RunChangedConcurrently ex) {
			redirect.addFlashAttribute("problem", "Nothing was resubmitted: " + ex.getMessage());
			return "redirect:/runs/" + id + "#failures";
		}
	}

	private String act(String id, RedirectAttributes redirect, Action action) {
		try {
			redirect.addFlashAttribute("notice", action.run());
		}
		catch (IllegalArgumentException | RunChangedConcurrently ex) {
			redirect.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/runs/" + id;
	}

	private interface Action {

		String run();

	}

	/** What a change of refreshes the page for; the stream ends with the run. */
	/**
	 * What the page shows that may change; a batch-mode run's provider batches too, whose
	 * counts move while its items wait.
	 */
	private Seen seen(String runId) {
		RunProgress progress = this.reports.progress(runId);
		Run run = progress.run();
		return new Seen(run.status().name(), progress.items(), progress.spentUsd(), run.status().isFinal(),
				(run.mode() == CallMode.BATCH) ? this.runs.batchParts(runId)
					.stream()
					.map((part) -> part.state() + " " + part.providerStatus() + " " + part.completed() + " "
							+ part.failed() + " " + part.total() + " " + part.lastError())
					.toList() : List.of());
	}

	private record Seen(String status, Object items, BigDecimal spent, boolean ended, List<String> batches) {

	}

}
