package io.imagebatch.run;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.imagebatch.gateway.Gateway;

/**
 * A part's input file, written to a temporary file from its items in id order (the order
 * the provider's validation errors count lines in), a page at a time. Written again from
 * the items should the process die before the upload is recorded: the same items give the
 * same lines.
 */
final class BatchInputFile implements AutoCloseable {

	private static final int PAGE = 1000;

	private final Path path;

	private BatchInputFile(Path path) {
		this.path = path;
	}

	static BatchInputFile write(BatchPart part, Gateway gateway, WorkQueue queue) {
		Path path;
		try {
			path = Files.createTempFile("imagebatch-part-", ".jsonl");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a temporary file for a batch's input", ex);
		}
		BatchInputFile file = new BatchInputFile(path);
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
			long after = 0;
			List<Item> page;
			while (!(page = queue.waitingInBatch(part.id(), after, PAGE)).isEmpty()) {
				for (Item item : page) {
					out.write(BatchLines.line(item.id(), gateway.batchRequest(item.request())));
					after = item.id();
				}
			}
		}
		catch (IOException ex) {
			file.close();
			throw new UncheckedIOException("Could not write the input file of batch part " + part.part(), ex);
		}
		return file;
	}

	Path path() {
		return this.path;
	}

	@Override
	public void close() {
		try {
			Files.deleteIfExists(this.path);
		}
		catch (IOException ex) {
			// a temporary file: the system cleans up what is left
		}
	}

}
