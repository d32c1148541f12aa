package io.imagebatch.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

import io.imagebatch.gateway.Gateways;
import io.imagebatch.run.Page;
import io.imagebatch.schedule.Firing;
import io.imagebatch.schedule.Schedule;
import io.imagebatch.schedule.ScheduleOverview;
import io.imagebatch.schedule.Schedules;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Every schedule with when it fires next, what its last firing did and what it spent
 * against its caps; one schedule with all it is set to and its firings, latest first; and
 * for operators: pause, resume, run now and delete. Creating and editing are the
 * {@link ScheduleFormPage}'s.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
class SchedulesPage {

	/** Next fire times a row of the list shows; the schedule's own page shows more. */
	static final int NEXT_LISTED = 3;

	static final int FIRINGS_PER_PAGE = 20;

	private final Schedules schedules;

	private final ObjectProvider<Gateways> gateways;

	private final Clock clock;

	SchedulesPage(Schedules schedules, ObjectProvider<Gateways> gateways, Clock clock) {
		this.schedules = schedules;
		this.gateways = gateways;
		this.clock = clock;
	}

	@GetMapping("/schedules")
	String schedules(Model model) {
		Instant now = this.clock.instant();
		model.addAttribute("rows",
				this.schedules.list().stream().map((overview) -> ScheduleRow.of(overview, now)).toList());
		model.addAttribute("listed", NEXT_LISTED);
		return "dashboard/schedules";
	}

	@GetMapping("/schedules/{name}")
	String schedule(@PathVariable String name, @RequestParam(defaultValue = "0") int page, Model model) {
		ScheduleOverview overview = this.schedules.overview(name);
		Schedule schedule = overview.schedule();
		ZoneId zone = schedule.fireTimes().zone();
		Instant now = this.clock.instant();
		Page<Firing> firings = this.schedules.firings(name, Math.max(page, 0), FIRINGS_PER_PAGE);
		model.addAttribute("schedule", ScheduleRow.of(overview, now));
		model.addAttribute("settings", ScheduleSettings.of(schedule, this.gateways.getObject().defaultName()));
		model.addAttribute("firings",
				firings.content().stream().map((firing) -> FiringRow.of(firing, zone, now)).toList());
		model.addAttribute("page",
				PageLinks.of(firings, UriComponentsBuilder.fromPath("/schedules/" + schedule.name())));
		return "dashboard/schedule";
	}

	@PostMapping("/schedules/{name}/pause")
	String pause(@PathVariable String name, RedirectAttributes redirect) {
		this.schedules.pause(name);
		redirect.addFlashAttribute("notice", "Paused: it fires no more until resumed. Run now still works.");
		return "redirect:/schedules/" + name;
	}

	@PostMapping("/schedules/{name}/resume")
	String resume(@PathVariable String name, RedirectAttributes redirect) {
		this.schedules.resume(name);
		redirect.addFlashAttribute("notice", "Resumed: it fires next at its next time from now; "
				+ "the times it was paused through are not made up.");
		return "redirect:/schedules/" + name;
	}

	/**
	 * Fires the schedule now, as its cron would (its overlap policy and caps hold), and
	 * says what became of the firing: its run, or why there is none.
	 */
	@PostMapping("/schedules/{name}/run-now")
	String runNow(@PathVariable String name, Authentication user, RedirectAttributes redirect) {
		Firing firing;
		try {
			firing = this.schedules.runNow(name, user.getName());
		}
		catch (IllegalStateException ex) {
			// two asked in the same instant: the other one's firing stands
			redirect.addFlashAttribute("problem", "Not fired: " + ex.getMessage());
			return "redirect:/schedules/" + name;
		}
		if (firing.runId() != null) {
			redirect.addFlashAttribute("notice", "Run created for this firing:");
			redirect.addFlashAttribute("noticeRun", firing.runId());
		}
		else {
			redirect.addFlashAttribute("problem", "No run was created. " + FiringRow.outcome(firing.outcome())
					+ ((firing.reason() != null) ? " — " + firing.reason() : ""));
		}
		return "redirect:/schedules/" + name;
	}

	@PostMapping("/schedules/{name}/delete")
	String delete(@PathVariable String name, RedirectAttributes redirect) {
		this.schedules.delete(name);
		redirect.addFlashAttribute("notice",
				"Schedule " + name + " was deleted: it fires no more. Its runs stay, and its name is free.");
		return "redirect:/schedules";
	}

}
