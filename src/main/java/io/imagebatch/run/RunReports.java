package io.imagebatch.run;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.imagebatch.cost.Cost;
import io.imagebatch.cost.CostLedger;
import io.imagebatch.cost.CostLine;
import io.imagebatch.cost.SpendingTotal;
import io.imagebatch.gateway.CallMode;
import io.imagebatch.storage.ObjectKeyTemplate;
import io.imagebatch.storage.StorageProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * What runs did and cost, read from the items and the cost ledger: the run report with
 * its lineage, counts, spending, failures, and the most recent runs; and, from the
 * workers' samples, what they did over time.
 */
@Component
public class RunReports {

	private final Runs runs;

	private final RunRepository runRepository;

	private final ItemRepository items;

	private final CostLedger ledger;

	private final StorageProperties storage;

	private final ObjectKeyTemplate keys;

	private final Clock clock;

	private final RunSampleRepository samples;

	private final WorkerProperties workers;

	private final ProviderBatchCounts providerBatches;

	RunReports(Runs runs, RunRepository runRepository, ItemRepository items, CostLedger ledger,
			StorageProperties storage, ObjectKeyTemplate keys, Clock clock, RunSampleRepository samples,
			WorkerProperties workers, ProviderBatchCounts providerBatches) {
		this.providerBatches = providerBatches;
		this.clock = clock;
		this.samples = samples;
		this.workers = workers;
		this.runs = runs;
		this.runRepository = runRepository;
		this.items = items;
		this.ledger = ledger;
		this.storage = storage;
		this.keys = keys;
	}

	/**
	 * A run's outcome, cost by model, size and quality, failures by type, where its
	 * images are, and its resubmissions.
	 * @param idOrLatest the run, or {@code latest}
	 * @throws RunNotFound when there is no such run
	 */
	public RunReport report(String idOrLatest) {
		Run run = this.runs.find(idOrLatest);
		List<CostLine> lines = this.ledger.byModel(run.id());
		SpendingTotal total = SpendingTotal.ofLines(lines);
		Map<ErrorType, Long> failures = this.items.failuresByType(run.id());
		String location = "s3://" + this.storage.bucket() + "/" + this.keys.runFolder(run.id());
		return new RunReport(run, this.items.counts(run.id()), this.items.imagesStored(run.id()), total.usd(),
				total.unpricedImages(), lines, failures, location, lineage(run),
				this.runRepository.manifestUri(run.id()).orElse(null));
	}

	/**
	 * A page of runs, newest first, of one status or of all, and whose id, name or source
	 * contains {@code search} when it is given.
	 */
	public Page<Run> runs(@Nullable RunStatus status, @Nullable String search, int page, int size) {
		return new Page<>(this.runRepository.page(status, search, Page.offset(page, size), size), page, size,
				this.runRepository.count(status, search));
	}

	/**
	 * A page of a run's items in the order they were read, of one status, error type and
	 * model or of all, each with its stored images.
	 * @param model only the items asking for this model, or all when {@code null} or
	 * blank
	 * @throws RunNotFound when there is no such run
	 */
	public Page<ItemSnapshot> items(String idOrLatest, @Nullable ItemStatus status, @Nullable ErrorType type,
			@Nullable String model, int page, int size) {
		String runId = this.runs.find(idOrLatest).id();
		String onlyModel = (model != null && !model.isBlank()) ? model.strip() : null;
		return new Page<>(this.items.page(runId, status, type, onlyModel, Page.offset(page, size), size), page, size,
				this.items.count(runId, status, type, onlyModel));
	}

	/**
	 * The models a run's items ask for, sorted: the choices of a model filter.
	 * @param limit at most this many
	 * @throws RunNotFound when there is no such run
	 */
	public List<String> models(String idOrLatest, int limit) {
		return this.items.models(this.runs.find(idOrLatest).id(), limit);
	}

	/** A stored image of a run's item, by the item's id from the input. */
	public Optional<StoredImage> image(String idOrLatest, String externalId, int index) {
		return this.items.image(this.runs.find(idOrLatest).id(), externalId, index);
	}

	/**
	 * Where a run stands now: counts, spending, pace and time left.
	 * @throws RunNotFound when there is no such run
	 */
	public RunProgress progress(String idOrLatest) {
		Run run = this.runs.find(idOrLatest);
		return RunProgress.of(run, this.items.counts(run.id()), this.ledger.spent(run.id()), saved(run),
				this.clock.instant());
	}

	/**
	 * The provider batches of every batch-mode run that have not ended, by what the
	 * provider last said of them: {@code submitting} before it was asked, {@code other}
	 * for a status its Batch API does not document; a status without any is absent.
	 */
	public Map<String, Long> openProviderBatchesByStatus() {
		return this.providerBatches.openByStatus();
	}

	/** Every status {@link #openProviderBatchesByStatus()} counts by. */
	public static List<String> providerBatchStatuses() {
		return ProviderBatchCounts.labels();
	}

	/**
	 * What a run's calls made in provider batches cost less than synchronous calls would
	 * have: zero for a synchronous run, without asking the ledger.
	 */
	public BigDecimal saved(Run run) {
		return (run.mode() == CallMode.BATCH) ? this.ledger.saved(run.id()) : BigDecimal.ZERO.setScale(Cost.SCALE);
	}

	/**
	 * What a run's workers did over time: items settled, calls in flight and rate-limit
	 * waits, in at most 120 buckets from its start, every worker together.
	 * @throws RunNotFound when there is no such run
	 */
	public RunTimeline timeline(String idOrLatest) {
		// two sample intervals at least, so that every bucket holds a sample of each
		// worker busy in it whatever the jitter of their clocks: one interval alone
		// would alternate between buckets with two samples and with none
		return this.samples.timeline(this.runs.find(idOrLatest).id(), this.clock.instant(),
				this.workers.sampleInterval().multipliedBy(2));
	}

	/**
	 * A page of runs, newest first, of one status or of all, each as it stands now: three
	 * queries for the whole page.
	 */
	public Page<RunProgress> progressOfRuns(@Nullable RunStatus status, @Nullable String search, int page, int size) {
		Page<Run> runs = runs(status, search, page, size);
		List<String> ids = runs.content().stream().map(Run::id).toList();
		Map<String, ItemCounts> counts = this.items.countsByRun(ids);
		Map<String, BigDecimal> spent = this.ledger.spentByRun(ids);
		Map<String, BigDecimal> saved = this.ledger.savedByRun(ids);
		Instant now = this.clock.instant();
		BigDecimal zero = BigDecimal.ZERO.setScale(Cost.SCALE);
		return new Page<>(runs.content()
			.stream()
			.map((run) -> RunProgress.of(run, counts.get(run.id()), spent.getOrDefault(run.id(), zero),
					saved.getOrDefault(run.id(), zero), now))
			.toList(), runs.page(), runs.size(), runs.total());
	}

	/** The most recent runs, newest first. */
	public List<Run> recent(int limit) {
		return this.runRepository.recent(limit);
	}

	/**
	 * The items of every run by status, statuses without any left out: one grouped count
	 * over the whole table, for gauges read now and then, not for every request.
	 */
	public Map<ItemStatus, Long> itemsByStatus() {
		return this.items.countsByStatus();
	}

	/** Every run by status, statuses without any left out. */
	public Map<RunStatus, Long> runsByStatus() {
		return this.runRepository.countsByStatus();
	}

	public ItemCounts counts(String runId) {
		return this.items.counts(runId);
	}

	public BigDecimal spent(String runId) {
		return this.ledger.spent(runId);
	}

	/** The items that did not succeed, of one type or of all. */
	public List<ItemFailure> failures(String runId, @Nullable ErrorType type) {
		return this.items.failures(runId, type);
	}

	/**
	 * The run's items that did not succeed, grouped by error type and gateway code.
	 * @throws RunNotFound when there is no such run
	 */
	public List<FailureGroup> failureGroups(String idOrLatest) {
		return this.items.failureGroups(this.runs.find(idOrLatest).id());
	}

	/**
	 * The first {@code limit} items of one failure group, in input order.
	 * @param code the gateway's code, {@code null} for the items without one
	 * @throws RunNotFound when there is no such run
	 */
	public List<ItemSnapshot> failuresIn(String idOrLatest, ErrorType type, @Nullable String code, int limit) {
		return this.items.failuresIn(this.runs.find(idOrLatest).id(), type, code, limit);
	}

	/**
	 * What a run cost by model, size and quality: the report's lines alone, without its
	 * counts of items and images, for a page that shows those already.
	 * @throws RunNotFound when there is no such run
	 */
	public List<CostLine> costLines(String idOrLatest) {
		return this.ledger.byModel(this.runs.find(idOrLatest).id());
	}

	/**
	 * Where a run stands in its line of resubmissions.
	 * @throws RunNotFound when there is no such run
	 */
	public RunLineage lineage(String idOrLatest) {
		return lineage(this.runs.find(idOrLatest));
	}

	private RunLineage lineage(Run run) {
		List<RunLineage.Resubmitted> resubmissions = this.runRepository.descendants(run.id())
			.stream()
			.map((descendant) -> new RunLineage.Resubmitted(descendant, this.items.counts(descendant.id()),
					this.ledger.spent(descendant.id())))
			.toList();
		BigDecimal retryCost = resubmissions.stream()
			.map(RunLineage.Resubmitted::costUsd)
			.reduce(BigDecimal.ZERO, BigDecimal::add)
			.setScale(Cost.SCALE);
		ItemRepository.RetryCounts retries = this.items.retryCounts(run.id());
		return new RunLineage(run.parentRunId(), resubmissions, retries.retried(), retries.moreThanOnce(), retryCost);
	}

}
