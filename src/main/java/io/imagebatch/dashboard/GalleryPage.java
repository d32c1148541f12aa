package io.imagebatch.dashboard;

import java.util.Map;

import io.imagebatch.cost.CostLedger;
import io.imagebatch.cost.ItemCost;
import io.imagebatch.run.ItemSnapshot;
import io.imagebatch.run.ItemStatus;
import io.imagebatch.run.Page;
import io.imagebatch.run.RunReports;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A run's stored images as thumbnails, a page of succeeded items at a time. The browser
 * loads each through the API, which streams it from the bucket with the viewer's login.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
class GalleryPage {

	/** Items a page shows: a few rows of thumbnails, loaded as they scroll into view. */
	static final int PAGE_SIZE = 24;

	private final RunReports reports;

	private final CostLedger ledger;

	GalleryPage(RunReports reports, CostLedger ledger) {
		this.reports = reports;
		this.ledger = ledger;
	}

	@GetMapping("/runs/{id}/gallery")
	String gallery(@PathVariable String id, @RequestParam(defaultValue = "0") int page, Model view) {
		RunRow run = RunRow.of(this.reports.progress(id));
		Page<ItemSnapshot> items = this.reports.items(run.id(), ItemStatus.SUCCEEDED, null, null, Math.max(page, 0),
				PAGE_SIZE);
		Map<Long, ItemCost> costs = this.ledger.byItems(items.content().stream().map(ItemSnapshot::id).toList());
		view.addAttribute("run", run);
		view.addAttribute("figures",
				items.content()
					.stream()
					.flatMap((item) -> GalleryFigure.of(run.id(), item, costs.get(item.id())).stream())
					.toList());
		view.addAttribute("page", PageLinks.of(items,
				UriComponentsBuilder.fromPath("/runs/{id}/gallery").uriVariables(Map.of("id", run.id()))));
		return "dashboard/gallery";
	}

}
