package io.imagebatch.run;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.imagebatch.gateway.Gateways;
import io.imagebatch.input.ReadResult;
import io.imagebatch.input.RowValidator;
import io.imagebatch.gateway.CallMode;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes a new run from a run's failed items. Everything is checked before the run exists:
 * the chosen items are failed or invalid, every edit names one of them, and every item
 * taken is valid as edited, so a resubmission never pays for a call it could have known
 * would be refused.
 */
@Component
public class Resubmissions {

	/** Refusals named one by one in the message; the rest are counted. */
	private static final int REFUSALS_SHOWN = 10;

	/** The form of a resubmission's source: {@code resubmit:<parent run>}. */
	static final String SOURCE_PREFIX = "resubmit:";

	private final Runs runs;

	private final RunRepository runRepository;

	private final ItemRepository items;

	private final RowValidator validator;

	private final ObjectProvider<Gateways> gateways;

	Resubmissions(Runs runs, RunRepository runRepository, ItemRepository items, RowValidator validator,
			ObjectProvider<Gateways> gateways) {
		this.runs = runs;
		this.runRepository = runRepository;
		this.items = items;
		this.validator = validator;
		this.gateways = gateways;
	}

	/**
	 * Checks and creates a resubmission run; {@link Runs#execute} then runs it.
	 * @param resubmission what to take and how to change it
	 * @param name a name for the new run, or {@code null}
	 * @param gateway the gateway, or {@code null} for the parent's
	 * @param budgetUsd a spending cap, or {@code null} for none
	 * @param concurrency calls in flight, or {@code null} for the parent's
	 * @param mode how the new run's calls are made, or {@code null} for the parent's mode
	 * @return the new PENDING run and what it takes
	 * @throws IllegalArgumentException when nothing can be taken or an item is refused
	 */
	public ResubmissionPlan create(Resubmission resubmission, @Nullable String name, @Nullable String gateway,
			@Nullable BigDecimal budgetUsd, @Nullable Integer concurrency, @Nullable CallMode mode) {
		Run parent = this.runs.find(resubmission.parentRunId());
		if (parent.status() == RunStatus.RUNNING) {
			throw new IllegalArgumentException("run " + parent.id()
					+ " is still running, so its failures are not final; resubmit them once it has ended (stopping "
					+ "it ends it; restarting it continues it if its owner died)");
		}
		checkNamedItems(parent, resubmission);
		Selection selection = select(parent, resubmission);
		if (selection.taken == 0) {
			throw new IllegalArgumentException("run " + parent.id() + " has no failed items to resubmit"
					+ (resubmission.chosen() ? " among those chosen" : "")
					+ ((selection.leftOut > 0) ? "; its " + selection.leftOut
							+ " INVALID items come back only when chosen (by id, or by the type INVALID) with an edit"
							: ""));
		}
		List<String> earlier = this.runRepository.resubmissionsOf(parent.id());
		Run run = this.runs.create(new RunRequest(SOURCE_PREFIX + parent.id(),
				(name != null) ? name : "resubmit of " + parent.id(), (gateway != null) ? gateway : parent.gateway(),
				parent.defaults(), budgetUsd, (concurrency != null) ? concurrency : parent.concurrency(), null,
				(mode != null) ? mode : parent.mode()), parent.id(), resubmission);
		return new ResubmissionPlan(run, selection.taken, selection.leftOut, selection.resubmittedBefore, earlier);
	}

	/**
	 * Items named by {@code --item} or an edit must be the parent's, and not settled
	 * well.
	 */
	private void checkNamedItems(Run parent, Resubmission resubmission) {
		Set<String> named = new LinkedHashSet<>(resubmission.itemIds());
		named.addAll(resubmission.edits().keySet());
		Map<String, ItemStatus> statuses = this.items.statusesOf(parent.id(), named);
		List<String> refusals = new ArrayList<>();
		for (String id : named) {
			ItemStatus status = statuses.get(id);
			if (status == null) {
				refusals.add("run " + parent.id() + " has no item '" + id + "'");
			}
			else if (status != ItemStatus.FAILED && status != ItemStatus.INVALID) {
				refusals.add("item '" + id + "' is " + status + "; only FAILED and INVALID items can be resubmitted");
			}
		}
		refuseIf(refusals, refusals.size());
	}

	/**
	 * Walks every item the resubmission takes and validates it as edited, the same way
	 * the load step will, so that a refusal comes now rather than as a new INVALID item.
	 */
	private Selection select(Run parent, Resubmission resubmission) {
		RowToItem rowToItem = new RowToItem(parent, this.validator, this.gateways.getObject().names());
		ResubmissionRows rows = new ResubmissionRows(this.items, resubmission, 0);
		Set<String> editsUsed = new HashSet<>();
		List<String> refusals = new ArrayList<>();
		long refused = 0;
		long taken = 0;
		long resubmittedBefore = 0;
		for (FailedItem item = rows.next(); item != null; item = rows.next()) {
			taken++;
			if (item.resubmittedBefore()) {
				resubmittedBefore++;
			}
			if (resubmission.edits().containsKey(item.externalId())) {
				editsUsed.add(item.externalId());
			}
			String refusal = refusal(item, resubmission, rowToItem.process(new ReadResult.Row(rows.row(item))));
			if (refusal != null) {
				refused++;
				if (refusals.size() < REFUSALS_SHOWN) {
					refusals.add(refusal);
				}
			}
		}
		for (String id : resubmission.edits().keySet()) {
			if (!editsUsed.contains(id)) {
				refused++;
				refusals.add("the edits name item '" + id
						+ "', which is not among the items taken (see the error types chosen)");
			}
		}
		refuseIf(refusals, refused);
		return new Selection(taken, rows.leftOut(), resubmittedBefore);
	}

	private static @Nullable String refusal(FailedItem item, Resubmission resubmission, NewItem loaded) {
		String where = "item '" + item.externalId() + "' (line " + item.line() + ")";
		if (item.status() == ItemStatus.INVALID && !resubmission.edits(item.externalId())) {
			return where + " is INVALID (" + item.errorMessage() + "); it comes back only with an edit of its columns";
		}
		if (loaded.invalidReason() != null) {
			return where + " would be invalid as edited: " + loaded.invalidReason()
					+ " (a change to an empty value removes a column)";
		}
		return null;
	}

	private static void refuseIf(List<String> refusals, long count) {
		if (refusals.isEmpty()) {
			return;
		}
		StringBuilder message = new StringBuilder("nothing was resubmitted:");
		refusals.forEach((refusal) -> message.append(System.lineSeparator()).append("  - ").append(refusal));
		if (count > refusals.size()) {
			message.append(System.lineSeparator()).append("  … and ").append(count - refusals.size()).append(" more");
		}
		throw new IllegalArgumentException(message.toString());
	}

	private record Selection(long taken, long leftOut, long resubmittedBefore) {
	}

}
