package io.imagebatch.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletResponse;
import io.imagebatch.catalog.ModelCatalog;
import io.imagebatch.gateway.Gateways;
import io.imagebatch.input.InputException;
import io.imagebatch.run.RunRequest;
import io.imagebatch.schedule.Schedule;
import io.imagebatch.schedule.ScheduleRefused;
import io.imagebatch.schedule.Schedules;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Creates and edits schedules. While the user types, the form shows whether the cron and
 * zone are right and when the schedule would fire next; "Estimate one firing" shows what
 * a firing would cost now, creating nothing. A refused form comes back with the message
 * beside the field at fault and everything typed kept.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
class ScheduleFormPage {

	private static final String FORM = "dashboard/schedule-form";

	private final Schedules schedules;

	private final ObjectProvider<Gateways> gateways;

	private final ModelCatalog catalog;

	private final Clock clock;

	ScheduleFormPage(Schedules schedules, ObjectProvider<Gateways> gateways, ModelCatalog catalog, Clock clock) {
		this.schedules = schedules;
		this.gateways = gateways;
		this.catalog = catalog;
		this.clock = clock;
	}

	@GetMapping("/schedules/new")
	String create(Model model) {
		return form(model, ScheduleForm.blank(), false, Map.of());
	}

	@GetMapping("/schedules/{name}/edit")
	String edit(@PathVariable String name, Model model) {
		return form(model, ScheduleForm.of(this.schedules.find(name).spec()), true, Map.of());
	}

	@PostMapping("/schedules")
	String create(@RequestParam MultiValueMap<String, String> posted, Model model, RedirectAttributes redirect,
			HttpServletResponse response) {
		ScheduleForm form = ScheduleForm.of(posted);
		try {
			Schedule created = this.schedules.create(form.toSpec(null));
			redirect.addFlashAttribute("notice", "Schedule created." + firesNext(created));
			return "redirect:/schedules/" + created.name();
		}
		catch (ScheduleRefused ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return form(model, form, false, Map.of(ex.field(), ex.getMessage()));
		}
	}

	@PostMapping("/schedules/{name}/edit")
	String update(@PathVariable String name, @RequestParam MultiValueMap<String, String> posted, Model model,
			RedirectAttributes redirect, HttpServletResponse response) {
		RunRequest editing = this.schedules.find(name).spec().run();
		// the name is not an input of this form: a schedule is never renamed
		MultiValueMap<String, String> named = new LinkedMultiValueMap<>(posted);
		named.set("name", name);
		ScheduleForm form = ScheduleForm.of(named);
		try {
			Schedule updated = this.schedules.update(name, form.toSpec(editing));
			redirect.addFlashAttribute("notice", "Schedule saved." + firesNext(updated));
			return "redirect:/schedules/" + name;
		}
		catch (ScheduleRefused ex) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return form(model, form, true, Map.of(ex.field(), ex.getMessage()));
		}
	}

	/** The next fire times of a cron in a zone, or why it has none, beside the fields. */
	@GetMapping("/schedules/form/fire-times")
	String fireTimes(@RequestParam(defaultValue = "") String cron, @RequestParam(defaultValue = "") String zone,
			Model model) {
		model.addAttribute("preview", preview(cron, zone));
		return "dashboard/schedule-preview";
	}

	/**
	 * What one firing of the form's schedule would cost now; creates nothing. The edit
	 * form names the schedule it edits, whose settings the form does not show count too.
	 */
	@PostMapping("/schedules/form/estimate")
	String estimate(@RequestParam MultiValueMap<String, String> posted,
			@RequestParam(required = false) @Nullable String editing, Model model) {
		try {
			RunRequest kept = (editing != null) ? this.schedules.find(editing).spec().run() : null;
			model.addAttribute("estimate",
					EstimateSummary.of(this.schedules.estimate(ScheduleForm.of(posted).toSpec(kept))));
		}
		catch (InputException | IllegalArgumentException ex) {
			// a gateway's or an input's words, shown as text
			model.addAttribute("estimateProblem", ex.getMessage());
		}
		return "dashboard/schedule-parts :: estimate";
	}

	private String form(Model model, ScheduleForm form, boolean editing, Map<String, String> refused) {
		FireTimesPreview preview = preview(form.cron(), form.zone());
		Map<String, String> errors = new LinkedHashMap<>(refused);
		// a wrong cron or zone is pointed at even when another field was refused first
		if (preview.field() != null && !form.cron().isBlank()) {
			errors.putIfAbsent(preview.field(), preview.problem());
		}
		Gateways configured = this.gateways.getObject();
		model.addAttribute("form", form);
		model.addAttribute("editing", editing);
		model.addAttribute("errors", errors);
		model.addAttribute("preview", preview);
		model.addAttribute("gateways", List.copyOf(configured.names()));
		model.addAttribute("defaultGateway", configured.defaultName());
		model.addAttribute("models", List.copyOf(new TreeSet<>(this.catalog.ids())));
		model.addAttribute("overlaps", ScheduleForm.overlaps());
		model.addAttribute("misfires", ScheduleForm.misfires());
		model.addAttribute("modes", ScheduleForm.modes());
		model.addAttribute("zones", FireTimesPreview.COMMON_ZONES);
		return FORM;
	}

	private FireTimesPreview preview(String cron, String zone) {
		if (cron.isBlank()) {
			return FireTimesPreview.empty();
		}
		try {
			List<Instant> times = this.schedules.preview(cron, zone, Schedules.NEXT_SHOWN);
			return FireTimesPreview.of(times, ZoneId.of(zone.strip()), this.clock.instant());
		}
		catch (ScheduleRefused ex) {
			return FireTimesPreview.refused(ex.field(), ex.getMessage());
		}
	}

	private static String firesNext(Schedule schedule) {
		if (!schedule.spec().enabled()) {
			return " It is paused: it fires when resumed, or with Run now.";
		}
		Instant next = schedule.nextFireAt();
		return " It fires next " + Formats.time(next, schedule.fireTimes().zone()) + ".";
	}

}
