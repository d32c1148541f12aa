package io.imagebatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.input.InputException;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.ErrorType;
import io.imagebatch.run.ItemCounts;
import io.imagebatch.run.ItemFailure;
import io.imagebatch.run.ItemStatus;
import io.imagebatch.run.Resubmission;
import io.imagebatch.run.ResubmissionPlan;
import io.imagebatch.run.Run;
import io.imagebatch.run.RunProgress;
import io.imagebatch.run.RunReportJson;
import io.imagebatch.run.RunRequest;
import io.imagebatch.run.RunStatus;
import io.imagebatch.run.RunWorker;
import io.imagebatch.web.ItemView;
import io.imagebatch.web.PageView;
import io.imagebatch.web.ResubmitRequest;
import io.imagebatch.web.RestartRequest;
import io.imagebatch.web.RowDefaultsView;
import io.imagebatch.web.RunView;
import io.imagebatch.web.SubmitRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs reached through a running {@code serve}'s REST API (DESIGN §2.5), over a
 * {@link ServerConnection}: nothing of Spring, no datasource, no S3. The API's own
 * records are the wire format; what the commands print is rebuilt from them. A run
 * restarted or resubmitted executes on the server's workers and is followed through its
 * Server-Sent Events.
 */
final class HttpRunAccess implements RunAccess {

	/** How long to wait before following a run again when its event stream broke off. */
	private static final Duration RECONNECT = Duration.ofSeconds(1);

	private static final TypeReference<PageView<RunView>> RUNS = new TypeReference<>() {
	};

	private static final TypeReference<PageView<ItemView>> ITEMS = new TypeReference<>() {
	};

	private final ServerConnection server;

	HttpRunAccess(ServerConnection server) {
		this.server = server;
	}

	@Override
	public Run find(String run) {
		return toRun(view(run));
	}

	@Override
	public RunOverview overview(String run) {
		return overview(view(run));
	}

	@Override
	public List<RunOverview> recent(int limit) {
		List<RunOverview> recent = new ArrayList<>();
		for (int page = 0; recent.size() < limit; page++) {
			PageView<RunView> runs = this.server
				.get("api/runs?size=" + Math.min(limit, ServerConnection.PAGE_SIZE) + "&page=" + page, RUNS);
			runs.content().stream().limit(limit - recent.size()).map(HttpRunAccess::overview).forEach(recent::add);
			if (page + 1 >= runs.totalPages() || runs.content().isEmpty()) {
				break;
			}
		}
		return recent;
	}

	@Override
	public RunProgress progress(String runId) {
		RunView view = view(runId);
		return new RunProgress(toRun(view), counts(view), new BigDecimal(view.spentUsd()), view.itemsPerMinute(),
				(view.etaSeconds() != null) ? Duration.ofSeconds(view.etaSeconds()) : null, Instant.now());
	}

	@Override
	public RunReportJson report(String run) {
		return this.server.get("api/runs/" + ServerConnection.segment(run) + "/report", RunReportJson.class);
	}

	@Override
	public List<ItemFailure> failures(String runId, @Nullable ErrorType type) {
		List<ItemFailure> failures = new ArrayList<>();
		for (ItemStatus status : List.of(ItemStatus.FAILED, ItemStatus.INVALID)) {
			String filter = "?status=" + status + ((type != null) ? "&errorType=" + type : "");
			long pages = 1;
			for (int page = 0; page < pages; page++) {
				PageView<ItemView> items = this.server.get("api/runs/" + ServerConnection.segment(runId) + "/items"
						+ filter + "&size=" + ServerConnection.PAGE_SIZE + "&page=" + page, ITEMS);
				items.content().stream().map(HttpRunAccess::failure).forEach(failures::add);
				pages = items.totalPages();
			}
		}
		// as the database lists them
		failures.sort(Comparator.comparingLong(ItemFailure::line).thenComparingLong(ItemFailure::itemId));
		return failures;
	}

	@Override
	public Run submit(RunRequest request) {
		String input = request.source();
		if (input.startsWith("s3://") || input.startsWith("db:")) {
			return toRun(this.server.post("api/runs",
					new SubmitRequest(input, null, view(request.defaults()), request.gateway(), request.budgetUsd(),
							request.concurrency(), request.name(),
							(request.mode() != null) ? request.mode().id() : null, request.skipDone()),
					RunView.class));
		}
		return toRun(upload(Path.of(input), request));
	}

	@Override
	public Run awaitEnd(String runId) throws InterruptedException {
		while (true) {
			RunView ended = followEvents(runId);
			if (ended != null) {
				return toRun(ended);
			}
			// the stream broke off (a proxy, a server restarting): look, then follow
			// again
			Run run = find(runId);
			if (run.status().isFinal()) {
				return run;
			}
			Thread.sleep(RECONNECT.toMillis());
		}
	}

	@Override
	public Run stop(String run) {
		return toRun(this.server.post("api/runs/" + ServerConnection.segment(run) + "/stop", null, RunView.class));
	}

	@Override
	public Run restart(String runId, @Nullable BigDecimal budgetUsd) throws InterruptedException {
		Run restarted = toRun(this.server.post("api/runs/" + ServerConnection.segment(runId) + "/restart",
				new RestartRequest(budgetUsd), RunView.class));
		return awaitEnd(restarted.id());
	}

	@Override
	public ResubmissionPlan resubmit(Resubmission resubmission, @Nullable String name, @Nullable String gateway,
			@Nullable BigDecimal budgetUsd, @Nullable Integer concurrency, @Nullable CallMode mode) {
		ResubmitRequest request = new ResubmitRequest(
				resubmission.errorTypes().isEmpty() ? null : List.copyOf(resubmission.errorTypes()),
				resubmission.itemIds().isEmpty() ? null : List.copyOf(resubmission.itemIds()),
				resubmission.overrides().isEmpty() ? null : resubmission.overrides(),
				resubmission.edits().isEmpty() ? null : resubmission.edits(), gateway, budgetUsd, concurrency, name,
				(mode != null) ? mode.id() : null);
		RunView view = this.server.post(
				"api/runs/" + ServerConnection.segment(resubmission.parentRunId()) + "/resubmit", request,
				RunView.class);
		RunView.Resubmitted plan = view.resubmission();
		if (plan == null) {
			// a server from before resubmit answered its plan: the new run's items are
			// all it tells
			return new ResubmissionPlan(toRun(view), view.items().total(), 0, 0, List.of());
		}
		return new ResubmissionPlan(toRun(view), plan.items(), plan.invalidLeftOut(), plan.resubmittedBefore(),
				plan.earlierResubmissions());
	}

	@Override
	public Run execute(String runId) throws InterruptedException {
		// the server's workers execute it
		return awaitEnd(runId);
	}

	@Override
	public JsonMapper json() {
		return this.server.json();
	}

	private RunView view(String run) {
		return this.server.get("api/runs/" + ServerConnection.segment(run), RunView.class);
	}

	private static RunOverview overview(RunView view) {
		List<RunWorker> workers = (view.workers() != null) ? view.workers()
			.stream()
			.map((worker) -> new RunWorker(worker.id(), worker.itemsInFlight(), worker.live()))
			.toList() : List.of();
		return new RunOverview(toRun(view), counts(view), new BigDecimal(view.spentUsd()), view.owner(),
				Boolean.TRUE.equals(view.orphaned()), workers,
				(view.savedUsd() != null) ? new BigDecimal(view.savedUsd()) : BigDecimal.ZERO,
				(view.batches() != null) ? view.batches() : List.of());
	}

	private static Run toRun(RunView view) {
		RowDefaultsView defaults = view.defaults();
		return new Run(view.id(), view.name(), view.source(), view.gateway(), RunStatus.valueOf(view.status()),
				view.statusReason(), (defaults != null) ? defaults.toDefaults() : RowDefaults.NONE,
				(view.budgetUsd() != null) ? new BigDecimal(view.budgetUsd()) : null, view.concurrency(),
				view.parentRun(), view.createdAt(), view.startedAt(), view.endedAt(), view.skipDone(),
				view.rowsAlreadyDone(), view.schedule(), view.fireTime(), CallMode.of(view.mode()));
	}

	private static ItemCounts counts(RunView view) {
		RunView.Items items = view.items();
		return new ItemCounts(items.pending(), items.inFlight(), items.succeeded(), items.failed(), items.invalid());
	}

	private static ItemFailure failure(ItemView item) {
		ItemStatus status = ItemStatus.valueOf(item.status());
		ErrorType type = (item.errorType() != null) ? ErrorType.valueOf(item.errorType())
				: (status == ItemStatus.INVALID) ? ErrorType.INVALID : ErrorType.TRANSIENT;
		return new ItemFailure(item.itemId(), item.id(), item.line(), status, type, item.errorCode(),
				(item.errorMessage() != null) ? item.errorMessage() : "", item.model());
	}

	private static RowDefaultsView view(RowDefaults defaults) {
		return new RowDefaultsView(defaults.model(), defaults.size(), defaults.quality(), defaults.style(),
				defaults.n(), defaults.background(), defaults.moderation(), defaults.outputFormat(),
				defaults.responseFormat());
	}

	/** A local CSV file, uploaded as it is (streamed, not read into memory). */
	private RunView upload(Path file, RunRequest request) {
		if (!Files.isRegularFile(file)) {
			throw new InputException("cannot read " + file + ": " + (Files.exists(file) ? "not a file" : "No such file")
					+ "; give a CSV file, s3://… or db:…");
		}
		if (!Files.isReadable(file)) {
			throw new InputException("cannot read " + file + ": Permission denied");
		}
		String boundary = "imagebatch-" + UUID.randomUUID();
		StringBuilder fields = new StringBuilder();
		RowDefaults defaults = request.defaults();
		field(fields, boundary, "model", defaults.model());
		field(fields, boundary, "size", defaults.size());
		field(fields, boundary, "quality", defaults.quality());
		field(fields, boundary, "style", defaults.style());
		field(fields, boundary, "n", defaults.n());
		field(fields, boundary, "background", defaults.background());
		field(fields, boundary, "moderation", defaults.moderation());
		field(fields, boundary, "output_format", defaults.outputFormat());
		field(fields, boundary, "response_format", defaults.responseFormat());
		field(fields, boundary, "gateway", request.gateway());
		field(fields, boundary, "budget_usd",
				(request.budgetUsd() != null) ? request.budgetUsd().toPlainString() : null);
		field(fields, boundary, "concurrency", request.concurrency());
		field(fields, boundary, "name", request.name());
		field(fields, boundary, "mode", (request.mode() != null) ? request.mode().id() : null);
		String fileName = (file.getFileName() != null) ? file.getFileName().toString() : "rows.csv";
		fields.append("--")
			.append(boundary)
			.append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
			.append(fileName.replace("\"", "%22").replace("\r", "").replace("\n", ""))
			.append("\"\r\nContent-Type: text/csv\r\n\r\n");
		HttpRequest.BodyPublisher body;
		try {
			body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofString(fields.toString()),
					HttpRequest.BodyPublishers.ofFile(file),
					HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
		}
		catch (IOException ex) {
			throw new InputException("cannot read " + file + ": " + ex.getMessage(), ex);
		}
		return this.server.send(this.server.request("api/runs")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(body), RunView.class);
	}

	private static void field(StringBuilder fields, String boundary, String name, @Nullable Object value) {
		if (value != null) {
			fields.append("--")
				.append(boundary)
				.append("\r\nContent-Disposition: form-data; name=\"")
				.append(name)
				.append("\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
				.append(value)
				.append("\r\n");
		}
	}

	/**
	 * Follows the run's event stream until its {@code end} event.
	 * @return the run as it ended, or {@code null} when the stream broke off before
	 */
	private @Nullable RunView followEvents(String runId) throws InterruptedException {
		HttpRequest request = this.server
			.authorized(
					HttpRequest.newBuilder(this.server.uri("api/runs/" + ServerConnection.segment(runId) + "/events")))
			.header("Accept", "text/event-stream")
			.GET()
			.build();
		HttpResponse<Stream<String>> response;
		try {
			response = this.server.http().send(request, HttpResponse.BodyHandlers.ofLines());
		}
		catch (IOException ex) {
			throw this.server.unreachable(ex);
		}
		try (Stream<String> lines = response.body()) {
			if (response.statusCode() != 200) {
				throw this.server.refused(response.statusCode(), lines.collect(Collectors.joining("\n")));
			}
			String event = "message";
			StringJoiner data = new StringJoiner("\n");
			for (Iterator<String> it = lines.iterator(); it.hasNext();) {
				String line = it.next();
				if (line.isEmpty()) {
					if ("end".equals(event) && data.length() > 0) {
						return this.server.json().readValue(data.toString(), RunView.class);
					}
					event = "message";
					data = new StringJoiner("\n");
				}
				else if (line.startsWith("event:")) {
					event = line.substring("event:".length()).strip();
				}
				else if (line.startsWith("data:")) {
					String value = line.substring("data:".length());
					data.add(value.startsWith(" ") ? value.substring(1) : value);
				}
			}
			return null;
		}
		catch (UncheckedIOException ex) {
			return null;
		}
	}

}
