package io.imagebatch.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The files of the Batch API, kept on disk in a directory of their own that is deleted
 * with them: uploads, batch output and batch errors. Only their descriptions are held in
 * memory; contents are written and read as streams.
 */
final class BatchFiles implements AutoCloseable {

	/** The purpose of an uploaded batch input file. */
	static final String BATCH = "batch";

	/** The purpose of the files a batch writes. */
	static final String BATCH_OUTPUT = "batch_output";

	private final Path directory;

	private final Clock clock;

	/** In upload order; listed newest first. */
	private final Map<String, StoredFile> files = new LinkedHashMap<>();

	private BatchFiles(Path directory, Clock clock) {
		this.directory = directory;
		this.clock = clock;
	}

	/** A new store in a temporary directory of its own. */
	static BatchFiles inTemporaryDirectory(Clock clock) {
		try {
			return new BatchFiles(Files.createTempDirectory("imagebatch-simulator-files-"), clock);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the simulator's batch file directory", ex);
		}
	}

	/** A new path in the store's directory, for content not yet added. */
	Path newPath(String kind) {
		return this.directory.resolve(kind + "-" + UUID.randomUUID() + ".jsonl");
	}

	/**
	 * Adds finished content as a file.
	 * @param path a path from {@link #newPath}, now owned by the store
	 */
	synchronized StoredFile add(String filename, String purpose, Path path) throws IOException {
		StoredFile file = new StoredFile("file-" + Ids.hex(), Files.size(path), this.clock.instant().getEpochSecond(),
				filename, purpose, path);
		this.files.put(file.id(), file);
		return file;
	}

	synchronized Optional<StoredFile> find(String id) {
		return Optional.ofNullable(this.files.get(id));
	}

	/** Removes a file and its content; false when there is no such file. */
	boolean delete(String id) {
		StoredFile removed;
		synchronized (this) {
			removed = this.files.remove(id);
		}
		if (removed == null) {
			return false;
		}
		deleteQuietly(removed.path());
		return true;
	}

	/** The files with this purpose (all when {@code null}), newest first. */
	synchronized List<StoredFile> newestFirst(@Nullable String purpose) {
		List<StoredFile> listed = new ArrayList<>();
		for (StoredFile file : this.files.values()) {
			if (purpose == null || purpose.equals(file.purpose())) {
				listed.add(0, file);
			}
		}
		return listed;
	}

	static void deleteQuietly(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			// The directory goes at close; a file left until then harms nothing.
		}
	}

	/** Deletes every file and the directory. */
	@Override
	public void close() {
		synchronized (this) {
			this.files.clear();
		}
		try (Stream<Path> paths = Files.walk(this.directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach(BatchFiles::deleteQuietly);
		}
		catch (IOException ex) {
			// Best effort: it is a temporary directory.
		}
	}

	/**
	 * A file of the store.
	 *
	 * @param id {@code file-<hex>}
	 * @param bytes its size
	 * @param createdAt seconds since the epoch
	 * @param filename the name it was uploaded with, or the name the batch gave it
	 * @param purpose {@value #BATCH} or {@value #BATCH_OUTPUT}
	 * @param path where its content is
	 */
	record StoredFile(String id, long bytes, long createdAt, String filename, String purpose, Path path) {

	}

}
