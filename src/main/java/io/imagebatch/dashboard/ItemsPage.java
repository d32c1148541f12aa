package io.imagebatch.dashboard;

import java.util.Map;
import java.util.Optional;

import io.imagebatch.cost.CostLedger;
import io.imagebatch.cost.ItemCost;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ItemSnapshot;
import io.imagebatch.run.ItemStatus;
import io.imagebatch.run.Page;
import io.imagebatch.run.RunReports;
import io.imagebatch.web.WebProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A run's items a page at a time, filtered by status, error type and model: why each
 * failed, what it cost, and links to its images.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
class ItemsPage {

	/** The model filter offers this many models at most; a run rarely mixes more. */
	private static final int MODEL_CHOICES = 50;

	private final RunReports reports;

	private final CostLedger ledger;

	private final WebProperties properties;

	ItemsPage(RunReports reports, CostLedger ledger, WebProperties properties) {
		this.reports = reports;
		this.ledger = ledger;
		this.properties = properties;
	}

	@GetMapping("/runs/{id}/items")
	String items(@PathVariable String id, @RequestParam(required = false) @Nullable ItemStatus status,
			@RequestParam(required = false) @Nullable ErrorType errorType,
			@RequestParam(required = false) @Nullable String model, @RequestParam(defaultValue = "0") int page,
			Model view) {
		RunRow run = RunRow.of(this.reports.progress(id));
		String onlyModel = (model != null && !model.isBlank()) ? model.strip() : null;
		Page<ItemSnapshot> items = this.reports.items(run.id(), status, errorType, onlyModel, Math.max(page, 0),
				this.properties.pageSize());
		Map<Long, ItemCost> costs = this.ledger.byItems(items.content().stream().map(ItemSnapshot::id).toList());
		view.addAttribute("run", run);
		view.addAttribute("rows",
				items.content().stream().map((item) -> ItemRow.of(run.id(), item, costs.get(item.id()))).toList());
		view.addAttribute("page",
				PageLinks.of(items,
						UriComponentsBuilder.fromPath("/runs/{id}/items")
							.queryParamIfPresent("status", Optional.ofNullable(status))
							.queryParamIfPresent("errorType", Optional.ofNullable(errorType))
							.queryParamIfPresent("model", Optional.ofNullable(onlyModel))
							.uriVariables(Map.of("id", run.id()))));
		view.addAttribute("statuses", ItemStatus.values());
		view.addAttribute("errorTypes", ErrorType.values());
		view.addAttribute("models", this.reports.models(run.id(), MODEL_CHOICES));
		view.addAttribute("status", status);
		view.addAttribute("errorType", errorType);
		view.addAttribute("model", onlyModel);
		view.addAttribute("filtered", status != null || errorType != null || onlyModel != null);
		return "dashboard/items";
	}

}
