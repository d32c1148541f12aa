package io.imagebatch.web;

import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.imagebatch.cost.Cost;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ItemStatus;
import io.imagebatch.run.Resubmission;
import io.imagebatch.run.ResubmissionPlan;
import io.imagebatch.run.Resubmissions;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunReport;
import io.imagebatch.run.RunReportJson;
import io.imagebatch.run.RunReports;
import io.imagebatch.run.RunRequest;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.Runs;
import io.imagebatch.run.StoredImage;
import io.imagebatch.storage.ImageStore;
import io.imagebatch.system.TerminalText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Runs over HTTP (DESIGN §2.5): submit, list, follow, report, download, stop, restart and
 * resubmit, through the run module's API as the command line does. A run submitted here
 * is QUEUED; the workers (this process's among them) execute it.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestController
@RequestMapping("/api/runs")
@Tag(name = "runs", description = "Submit runs, follow them, and act on them")
class RunsController {

	private final Runs runs;

	private final RunReports reports;

	private final Resubmissions resubmissions;

	private final UploadedInputs uploads;

	private final ImageStore store;

	private final WebProperties properties;

	RunsController(Runs runs, RunReports reports, Resubmissions resubmissions, UploadedInputs uploads, ImageStore store,
			WebProperties properties) {
		this.runs = runs;
		this.reports = reports;
		this.resubmissions = resubmissions;
		this.uploads = uploads;
		this.store = store;
		this.properties = properties;
	}

	@Operation(summary = "Submit a run from an uploaded CSV file",
			description = "The file is stored in S3 first; the run is QUEUED and any worker executes it. "
					+ "The form field 'mode' is 'sync' or 'batch' (the provider's Batch API, half price).")
	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<RunView> upload(@RequestPart("file") MultipartFile file, @Valid @ModelAttribute UploadForm form) {
		CallMode mode = checkedMode(form.mode());
		String source = this.uploads.store(file);
		String name = (form.name() != null) ? form.name() : file.getOriginalFilename();
		return created(source, new RunRequest(source, name, form.gateway(), form.defaults(), form.budgetUsd(),
				form.concurrency(), null, mode));
	}

	@Operation(summary = "Submit a run from a source or from rows given inline",
			description = "Give either 'source' (s3://bucket/key.csv or db:<source>) or 'rows'; the run is QUEUED. "
					+ "'mode': 'batch' sends its calls through the provider's Batch API (half price, within 24 hours), "
					+ "'sync' one call per item; without it the gateway's mode setting decides.")
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<RunView> submit(@Valid @RequestBody SubmitRequest request) {
		checkedMode(request.mode());
		List<Map<String, @Nullable Object>> rows = request.checkedRows(this.properties.maxInlineRows());
		if (rows != null) {
			String stored = this.uploads.store(rows);
			return created(stored, request.toRunRequest(stored));
		}
		return accepted(this.runs.create(request.toRunRequest(request.checkedSource())));
	}

	@Operation(summary = "List runs, newest first")
	@GetMapping
	PageView<RunView> list(@RequestParam(required = false) @Nullable RunStatus status,
			@Parameter(description = "Only runs whose id, name or source contains this, in any case") @RequestParam(
					required = false) @Nullable @Size(max = 200) String q,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(required = false) @Nullable @Min(1) Integer size) {
		return PageView.of(this.reports.progressOfRuns(status, q, page, this.properties.pageSizeFor(size)),
				(progress) -> RunView.of(progress, this.runs));
	}

	@Operation(summary = "A run: counts, cost, pace and time left",
			description = "A batch-mode run ('mode': 'batch') also has 'batches', its provider batches with what the "
					+ "provider last said of each, and 'saved_usd', what its calls saved against synchronous prices.")
	@GetMapping("/{run}")
	RunView get(@PathVariable String run) {
		return view(run);
	}

	@Operation(summary = "A run's items, with their images")
	@GetMapping("/{run}/items")
	PageView<ItemView> items(@PathVariable String run, @RequestParam(required = false) @Nullable ItemStatus status,
			@RequestParam(required = false) @Nullable ErrorType errorType,
			@Parameter(description = "Only items asking for this model") @RequestParam(
					required = false) @Nullable @Size(max = 200) String model,
			@RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(required = false) @Nullable @Min(1) Integer size) {
		String runId = this.runs.find(run).id();
		return PageView.of(this.reports.items(runId, status, errorType, model, page, this.properties.pageSizeFor(size)),
				(item) -> ItemView.of(runId, item));
	}

	@Operation(summary = "A run's cost by model, size and quality")
	@GetMapping("/{run}/costs")
	RunCosts costs(@PathVariable String run) {
		RunReport report = this.reports.report(run);
		return new RunCosts(report.run().id(), report.costByModel().stream().map(RunReportJson.ModelCost::of).toList(),
				Cost.format(report.costUsd()), report.unpricedImages(), report.run().mode().id(),
				Cost.format(report.savedUsd()));
	}

	@Operation(summary = "A run's timeline: items settled, calls in flight and rate-limit waits over time",
			description = "At most 120 buckets from the run's start, every worker together; "
					+ "written every imagebatch.worker.sample-interval, so the latest interval is not in it yet.")
	@GetMapping("/{run}/timeline")
	RunTimelineView timeline(@PathVariable String run) {
		return RunTimelineView.of(this.reports.timeline(run));
	}

	@Operation(summary = "A run's report, as 'report --format json' prints it")
	@GetMapping("/{run}/report")
	RunReportJson report(@PathVariable String run) {
		return RunReportJson.of(this.reports.report(run));
	}

	@Operation(summary = "A run's manifest.jsonl, streamed from S3",
			description = "One line per item; written when the run ends.")
	@GetMapping(path = "/{run}/manifest", produces = "application/jsonl")
	ResponseEntity<InputStreamResource> manifest(@PathVariable String run) {
		RunReport report = this.reports.report(run);
		String location = report.manifestLocation();
		String prefix = "s3://" + this.store.bucket() + "/";
		if (location == null || !location.startsWith(prefix)) {
			throw new ApiProblems.NotFound("run " + report.run().id() + " has no manifest "
					+ (report.run().status().isFinal() ? "in this bucket" : "yet: it is written when the run ends"));
		}
		InputStream content = this.store.open(location.substring(prefix.length()));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/jsonl"))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"manifest.jsonl\"")
			.body(new InputStreamResource(content));
	}

	@Operation(summary = "An item's image, streamed from S3")
	@GetMapping("/{run}/items/{item}/images/{index}")
	ResponseEntity<InputStreamResource> image(@PathVariable String run, @PathVariable String item,
			@PathVariable @Min(0) int index) {
		StoredImage image = this.reports.image(run, item, index)
			.orElseThrow(() -> new ApiProblems.NotFound("run " + run + " has no image " + index + " of item " + item));
		if (!image.bucket().equals(this.store.bucket())) {
			throw new ApiProblems.NotFound(
					"the image is in bucket " + image.bucket() + ", which this server does not use");
		}
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(image.contentType()))
			.contentLength(image.bytes())
			.eTag("\"" + image.sha256() + "\"")
			.cacheControl(CacheControl.noCache().cachePrivate())
			.header("X-Content-Type-Options", "nosniff")
			.body(new InputStreamResource(this.store.open(image.key())));
	}

	@Operation(summary = "Stop a running run",
			description = "Calls in flight are finished and stored; it ends STOPPED.")
	@PostMapping("/{run}/stop")
	ResponseEntity<RunView> stop(@PathVariable String run) {
		return ResponseEntity.accepted().body(view(this.runs.stop(run).id()));
	}

	@Operation(summary = "Restart a failed or stopped run, or one whose worker is gone",
			description = "The first worker free continues it without redoing settled items.")
	@PostMapping("/{run}/restart")
	ResponseEntity<RunView> restart(@PathVariable String run,
			@Valid @RequestBody(required = false) @Nullable RestartRequest request) {
		Run restarted = this.runs.restartAnywhere(run, (request != null) ? request.budgetUsd() : null);
		return ResponseEntity.accepted().body(view(restarted.id()));
	}

	@Operation(summary = "Run a run's failed items again as a new run linked to it",
			description = "All failed items, those of some error types, or chosen ones; edited for all ('set') or per item ('edits').")
	@PostMapping("/{run}/resubmit")
	ResponseEntity<RunView> resubmit(@PathVariable String run,
			@Valid @RequestBody(required = false) @Nullable ResubmitRequest request) {
		ResubmitRequest asked = (request != null) ? request
				: new ResubmitRequest(null, null, null, null, null, null, null, null, null);
		Run parent = this.runs.find(run);
		Resubmission resubmission = new Resubmission(parent.id(),
				new LinkedHashSet<>((asked.errorTypes() != null) ? asked.errorTypes() : List.of()),
				new LinkedHashSet<>((asked.items() != null) ? asked.items() : List.of()),
				(asked.set() != null) ? asked.set() : Map.of(), (asked.edits() != null) ? asked.edits() : Map.of());
		ResubmissionPlan plan = this.resubmissions.create(resubmission, asked.name(), asked.gateway(),
				asked.budgetUsd(), asked.concurrency(), checkedMode(asked.mode()));
		String id = plan.run().id();
		// what the plan took and left out, for a client to say so as the command line
		// does
		return ResponseEntity.accepted().location(URI.create(ApiPaths.run(id))).body(view(id).with(plan));
	}

	private ResponseEntity<RunView> created(String storedSource, RunRequest request) {
		Run run;
		try {
			run = this.runs.create(request);
		}
		catch (RuntimeException ex) {
			// no run reads it: it does not stay in the bucket
			this.uploads.discard(storedSource);
			throw ex;
		}
		return accepted(run);
	}

	private ResponseEntity<RunView> accepted(Run run) {
		return ResponseEntity.accepted().location(URI.create(ApiPaths.run(run.id()))).body(view(run.id()));
	}

	private RunView view(String run) {
		return RunView.of(this.reports.progress(run), this.runs);
	}

	/**
	 * The mode asked for: {@code sync}, {@code batch}, or {@code null} for the gateway's
	 * {@code mode} setting.
	 * @throws FieldProblem naming {@code mode} for anything else
	 */
	static @Nullable CallMode checkedMode(@Nullable String mode) {
		if (mode == null) {
			return null;
		}
		try {
			return CallMode.of(mode);
		}
		catch (IllegalArgumentException ex) {
			throw new FieldProblem("mode", "mode must be 'sync' or 'batch' (the provider's Batch API, at half price)"
					+ ", or left out for the gateway's own setting; got '" + TerminalText.line(mode, 40) + "'");
		}
	}

	/**
	 * A run's cost by model, size and quality.
	 *
	 * @param run the run
	 * @param lines cost by model, size and quality, most expensive first
	 * @param totalUsd the known cost
	 * @param unpricedImages images whose price is unknown
	 * @param mode how the run's calls are made: {@code sync} or {@code batch}
	 * @param savedUsd what its calls in provider batches cost less than synchronous calls
	 * would have
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record RunCosts(String run, List<RunReportJson.ModelCost> lines, String totalUsd, long unpricedImages, String mode,
			String savedUsd) {
	}

}
