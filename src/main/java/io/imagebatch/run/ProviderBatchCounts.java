package io.imagebatch.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The provider batches of every batch-mode run that have not ended, by what the provider
 * last said of them: one grouped count on the index of open parts, for the metrics.
 */
@Repository
class ProviderBatchCounts {

	/** A part the provider was not yet asked about: its file or batch is on its way. */
	static final String SUBMITTING = "submitting";

	/** A status the Batch API did not document when this was written. */
	static final String OTHER = "other";

	/** What the provider says of a batch, as its Batch API documents it. */
	static final List<String> PROVIDER_STATUSES = List.of("validating", "in_progress", "finalizing", "completed",
			"failed", "expired", "cancelling", "cancelled");

	private final JdbcClient jdbc;

	ProviderBatchCounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Open parts by provider status, {@link #SUBMITTING} for those without one and
	 * {@link #OTHER} for a status not documented: the keys are a fixed set, the
	 * provider's text never becomes a label of its own.
	 */
	Map<String, Long> openByStatus() {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.jdbc.sql("SELECT provider_status, COUNT(*) FROM provider_batch WHERE state <> 'ENDED' GROUP BY 1")
			.query((RowCallbackHandler) (rs) -> counts.merge(label(rs.getString(1)), rs.getLong(2), Long::sum));
		return counts;
	}

	/** The label of a provider's status: one of {@link #labels()}. */
	static String label(@Nullable String status) {
		if (status == null) {
			return SUBMITTING;
		}
		return PROVIDER_STATUSES.contains(status) ? status : OTHER;
	}

	/** Every label a count may have. */
	static List<String> labels() {
		List<String> labels = new ArrayList<>(PROVIDER_STATUSES);
		labels.add(0, SUBMITTING);
		labels.add(OTHER);
		return List.copyOf(labels);
	}

}
