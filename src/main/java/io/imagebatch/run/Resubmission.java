package io.imagebatch.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which failed items of a run to try again, and how to change them first. Kept with the
 * new run, so that its load step (and a restart of it) reads the same selection.
 *
 * @param parentRunId the run whose items are resubmitted
 * @param errorTypes only items of these error types; empty for every type
 * @param itemIds only these items (external ids); empty for every item
 * @param overrides column values set on every item; a blank value removes the column
 * @param edits column values per item (external id), on top of the overrides
 */
public record Resubmission(String parentRunId, Set<ErrorType> errorTypes, Set<String> itemIds,
		Map<String, String> overrides, Map<String, Map<String, String>> edits) {

	/** Columns that identify an item and cannot be changed. */
	private static final Set<String> FIXED_COLUMNS = Set.of("id");

	public Resubmission {
		errorTypes = Set.copyOf(errorTypes);
		itemIds = Set.copyOf(itemIds);
		overrides = lowerCaseKeys(overrides);
		Map<String, Map<String, String>> copied = new LinkedHashMap<>();
		edits.forEach((id, columns) -> copied.put(id, lowerCaseKeys(columns)));
		edits = Map.copyOf(copied);
		for (String column : overrides.keySet()) {
			if (FIXED_COLUMNS.contains(column) || !column.matches("[a-z0-9_]+")) {
				throw new IllegalArgumentException("column '" + column
						+ "' cannot be changed; change a column such as prompt, model, size, quality or style");
			}
		}
	}

	/**
	 * Whether the user chose items (by error type or id) rather than taking every
	 * failure. An INVALID item comes back only when chosen so or edited.
	 */
	boolean chosen() {
		return !this.errorTypes.isEmpty() || !this.itemIds.isEmpty();
	}

	/** Whether the item is changed before it is sent again. */
	boolean edits(String externalId) {
		return !this.overrides.isEmpty() || this.edits.containsKey(externalId);
	}

	/** The item's columns with the overrides and its own edit applied. */
	Map<String, String> apply(String externalId, Map<String, String> columns) {
		Map<String, String> edited = new LinkedHashMap<>(columns);
		for (Map<String, String> change : List.of(this.overrides, this.edits.getOrDefault(externalId, Map.of()))) {
			change.forEach((column, value) -> {
				if (FIXED_COLUMNS.contains(column)) {
					return;
				}
				if (value.isBlank()) {
					edited.remove(column);
				}
				else {
					edited.put(column, value.strip());
				}
			});
		}
		return edited;
	}

	private static Map<String, String> lowerCaseKeys(Map<String, String> columns) {
		Map<String, String> lowered = new LinkedHashMap<>();
		columns.forEach((column, value) -> lowered.put(column.strip().toLowerCase(Locale.ROOT), value));
		return Map.copyOf(lowered);
	}

}
