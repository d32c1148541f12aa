package io.imagebatch.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.imagebatch.cost.CostLedger;
import io.imagebatch.cost.ItemCost;
import io.imagebatch.storage.ImageStore;
import io.imagebatch.storage.ObjectKeyTemplate;
import io.imagebatch.storage.StoredObject;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Writes a run's {@code manifest.jsonl} beside its images (DESIGN §2.4), one line per
 * item in id order. A run may have a hundred thousand items, so they are read from the
 * database a page at a time into a temporary file, and the file is streamed to the store:
 * memory does not grow with the run.
 */
@Component
public class RunManifest {

	static final String CONTENT_TYPE = "application/x-ndjson";

	private final ItemRepository items;

	private final CostLedger ledger;

	private final ObjectProvider<ImageStore> store;

	private final ObjectKeyTemplate keys;

	private final ManifestFormat format;

	private final int pageSize;

	private final RunRepository runs;

	RunManifest(ItemRepository items, CostLedger ledger, ObjectProvider<ImageStore> store, ObjectKeyTemplate keys,
			JsonMapper json, RunProperties properties, RunRepository runs) {
		this.runs = runs;
		this.items = items;
		this.ledger = ledger;
		this.store = store;
		this.keys = keys;
		this.format = new ManifestFormat(json);
		this.pageSize = properties.manifestPageSize();
	}

	/**
	 * Writes an ended run's manifest again, from the database, and records where it is:
	 * for a manifest that could not be written when the run ended, or was deleted.
	 * @param run the run
	 * @return where it is, {@code s3://bucket/key}
	 * @throws IllegalArgumentException when the run is running (its manifest is written
	 * when it ends) or has never run
	 */
	public String rewrite(Run run) {
		if (run.status() == RunStatus.RUNNING || run.status() == RunStatus.QUEUED) {
			throw new IllegalArgumentException("run " + run.id() + " is " + run.status()
					+ "; its manifest is written when it ends (a run whose owner died ends once a worker adopts it "
					+ "or it is restarted)");
		}
		String location = write(run.id());
		this.runs.manifestWritten(run.id(), location);
		return location;
	}

	/**
	 * Writes the manifest of the run's items as they are now, replacing any earlier one.
	 * @param runId the run
	 * @return where it is, {@code s3://bucket/key}
	 * @throws io.imagebatch.storage.StorageException when the store refused it
	 * @throws UncheckedIOException when the temporary file could not be written
	 */
	String write(String runId) {
		@Nullable Path file = null;
		try {
			file = Files.createTempFile("imagebatch-manifest-" + runId + "-", ".jsonl");
			writeLines(runId, file);
			StoredObject stored = this.store.getObject().putFile(this.keys.manifestKey(runId), file, CONTENT_TYPE);
			return "s3://" + stored.bucket() + "/" + stored.key();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the manifest of run " + runId + " to a temporary file", ex);
		}
		finally {
			delete(file);
		}
	}

	private void writeLines(String runId, Path file) throws IOException {
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			long after = 0;
			List<ItemSnapshot> page;
			do {
				page = this.items.snapshots(runId, after, this.pageSize);
				if (!page.isEmpty()) {
					long last = page.getLast().id();
					Map<Long, ItemCost> costs = this.ledger.byItem(runId, after, last);
					for (ItemSnapshot item : page) {
						out.write(this.format.line(item, costs.get(item.id())));
						out.write('\n');
					}
					after = last;
				}
			}
			while (page.size() == this.pageSize);
		}
	}

	private static void delete(@Nullable Path file) {
		if (file == null) {
			return;
		}
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// a temporary file left behind is the operating system's to clean up
		}
	}

}
