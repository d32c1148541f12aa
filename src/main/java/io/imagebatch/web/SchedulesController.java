package io.imagebatch.web;

import java.net.URI;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import io.imagebatch.estimate.SpendEstimateJson;
import io.imagebatch.schedule.FireTimes;
import io.imagebatch.schedule.Firing;
import io.imagebatch.schedule.Schedule;
import io.imagebatch.schedule.Schedules;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cron schedules over HTTP (DESIGN §2.6), through the schedule module's API as the
 * command line does: create, read, replace, pause, resume, delete, fire now, and what
 * each firing did. A schedule's source is an S3 object or a database source: the serve
 * processes read it at every firing.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestController
@RequestMapping("/api/schedules")
@Tag(name = "schedules", description = "Cron schedules that submit runs, with spend caps per day and month")
class SchedulesController {

	private final Schedules schedules;

	private final WebProperties properties;

	SchedulesController(Schedules schedules, WebProperties properties) {
		this.schedules = schedules;
		this.properties = properties;
	}

	@Operation(summary = "List schedules by name",
			description = "Each with its next fire times, its last firing and run, and what its runs spent today "
					+ "and this month in its zone.")
	@GetMapping
	PageView<ScheduleView> list(@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(required = false) @Nullable @Min(1) Integer size) {
		return PageView.of(this.schedules.list(page, this.properties.pageSizeFor(size)), ScheduleView::of);
	}

	@Operation(summary = "Create a schedule",
			description = "Its cron, zone, caps, gateway and source are checked first; a 400 names the field at "
					+ "fault. It fires from its next fire time after now (unless 'enabled' is false).")
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<ScheduleView> create(@Valid @RequestBody ScheduleRequest request) {
		Schedule created = this.schedules.create(request.toSpec(null, request.checkedSource(null)));
		return ResponseEntity.created(URI.create(ApiPaths.schedule(created.name()))).body(view(created.name()));
	}

	@Operation(summary = "A schedule: its settings, next fire times, last firing and run, and spend")
	@GetMapping("/{name}")
	ScheduleView get(@PathVariable String name) {
		return view(name);
	}

	@Operation(summary = "Replace a schedule's settings",
			description = "The body a creation takes; the name cannot change. It fires next at its new cron's "
					+ "next time.")
	@PutMapping(path = "/{name}", consumes = MediaType.APPLICATION_JSON_VALUE)
	ScheduleView replace(@PathVariable String name, @Valid @RequestBody ScheduleRequest request) {
		String current = this.schedules.find(name).spec().run().source();
		this.schedules.update(name, request.toSpec(name, request.checkedSource(current)));
		return view(name);
	}

	@Operation(summary = "Delete a schedule", description = "It fires no more; its firings and runs stay.")
	@DeleteMapping("/{name}")
	ResponseEntity<Void> delete(@PathVariable String name) {
		this.schedules.delete(name);
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "Pause a schedule",
			description = "It does not fire until resumed; the firings meanwhile are not missed ones.")
	@PostMapping("/{name}/pause")
	ScheduleView pause(@PathVariable String name) {
		this.schedules.pause(name);
		return view(name);
	}

	@Operation(summary = "Resume a paused schedule", description = "It fires from its next fire time after now.")
	@PostMapping("/{name}/resume")
	ScheduleView resume(@PathVariable String name) {
		this.schedules.resume(name);
		return view(name);
	}

	@Operation(summary = "Fire a schedule now, paused or not",
			description = "Its overlap policy and spend caps hold as for a firing by its cron. 202 with the firing "
					+ "and the Location of its run; 409 (type no-run) with the 'outcome' and 'reason' when the "
					+ "firing made no run.")
	@PostMapping("/{name}/run-now")
	ResponseEntity<FiringView> runNow(@PathVariable String name, Principal user) {
		ZoneId zone = this.schedules.find(name).fireTimes().zone();
		Firing firing = this.schedules.runNow(name, user.getName());
		if (firing.runId() == null) {
			throw new ApiProblems.FiringWithoutRun(FiringView.of(firing, zone));
		}
		return ResponseEntity.accepted()
			.location(URI.create(ApiPaths.run(firing.runId())))
			.body(FiringView.of(firing, zone));
	}

	@Operation(summary = "A schedule's firings, the latest first",
			description = "What became of each: a run, or why there was none.")
	@GetMapping("/{name}/firings")
	PageView<FiringView> firings(@PathVariable String name, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(required = false) @Nullable @Min(1) Integer size) {
		ZoneId zone = this.schedules.find(name).fireTimes().zone();
		return PageView.of(this.schedules.firings(name, page, this.properties.pageSizeFor(size)),
				(firing) -> FiringView.of(firing, zone));
	}

	@Operation(summary = "The next fire times of a cron in a zone",
			description = "For choosing a cron: the times after now, with the zone's offset at each; a 400 names "
					+ "'cron' or 'zone' when either is wrong.")
	@GetMapping("/preview")
	FireTimesPreview preview(
			@Parameter(description = "5 or 6 fields, or a macro such as @daily") @RequestParam String cron,
			@Parameter(description = "A region id such as Europe/Berlin, or UTC") @RequestParam String zone,
			@RequestParam(defaultValue = "5") @Min(1) @Max(100) int count) {
		ZoneId zoneId = FireTimes.of(cron, zone).zone();
		return new FireTimesPreview(cron, zone,
				this.schedules.preview(cron, zone, count)
					.stream()
					.map((time) -> time.atZone(zoneId).toOffsetDateTime())
					.toList());
	}

	@Operation(summary = "Estimate one firing of a schedule",
			description = "The body a creation takes; every row of its source validated and priced at list price, "
					+ "as POST /api/estimate answers. Nothing is created or spent.")
	@PostMapping(path = "/estimate", consumes = MediaType.APPLICATION_JSON_VALUE)
	SpendEstimateJson estimate(@Valid @RequestBody ScheduleRequest request) {
		return SpendEstimateJson.of(this.schedules.estimate(request.toSpec(null, request.checkedSource(null))));
	}

	private ScheduleView view(String name) {
		return ScheduleView.of(this.schedules.overview(name));
	}

	/**
	 * The next fire times of a cron in a zone.
	 *
	 * @param cron the cron
	 * @param zone the zone
	 * @param nextFireTimes the times, with the zone's offset at each
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record FireTimesPreview(String cron, String zone, List<OffsetDateTime> nextFireTimes) {
	}

}
