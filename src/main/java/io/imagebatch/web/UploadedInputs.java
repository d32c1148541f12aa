package io.imagebatch.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.imagebatch.input.InputException;
import io.imagebatch.storage.ImageStore;
import io.imagebatch.storage.StorageProperties;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Input rows that arrive with a request, stored in S3 before any run exists: any worker
 * can then read them, and a restart reads the same bytes again. The web process keeps
 * nothing: an upload goes from the servlet container's spool to the store, inline rows
 * are written as CSV to a temporary file first.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Component
class UploadedInputs {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

	/** How much of an upload is looked at to tell text from a binary file. */
	private static final int SNIFF = 8192;

	private static final Set<String> CSV_TYPES = Set.of("text/csv", "application/csv", "text/plain",
			"application/vnd.ms-excel", "application/octet-stream", "text/comma-separated-values");

	private final ImageStore store;

	private final StorageProperties storage;

	private final Clock clock;

	UploadedInputs(ImageStore store, StorageProperties storage, Clock clock) {
		this.store = store;
		this.storage = storage;
		this.clock = clock;
	}

	/**
	 * Stores an uploaded CSV file.
	 * @return its source, {@code s3://bucket/key}
	 * @throws FieldProblem when the file is empty
	 * @throws InputException when it is not CSV
	 */
	String store(MultipartFile file) {
		if (file.isEmpty()) {
			throw new FieldProblem("file", "the file is empty: it needs a header with a 'prompt' column and rows");
		}
		checkLooksLikeCsv(file);
		return storeFile(contentsOf(file));
	}

	/**
	 * Reads an uploaded CSV file from a temporary copy that is gone afterwards: for what
	 * only reads the rows (an estimate), and stores nothing.
	 */
	<T> T read(MultipartFile file, Function<String, T> reader) {
		if (file.isEmpty()) {
			throw new FieldProblem("file", "the file is empty: it needs a header with a 'prompt' column and rows");
		}
		checkLooksLikeCsv(file);
		return spooled(contentsOf(file), (path) -> reader.apply(path.toString()));
	}

	/** Reads rows given inline from a temporary CSV file that is gone afterwards. */
	<T> T read(List<Map<String, @Nullable Object>> rows, Function<String, T> reader) {
		return spooled(csvOf(rows), (path) -> reader.apply(path.toString()));
	}

	private static Contents contentsOf(MultipartFile file) {
		return file::transferTo;
	}

	/**
	 * Stores rows given inline as a CSV file, with the union of their columns.
	 * @return its source, {@code s3://bucket/key}
	 */
	String store(List<Map<String, @Nullable Object>> rows) {
		return storeFile(csvOf(rows));
	}

	private static Contents csvOf(List<Map<String, @Nullable Object>> rows) {
		Set<String> columns = new LinkedHashSet<>();
		rows.forEach((row) -> columns.addAll(row.keySet()));
		return (path) -> {
			try (Writer writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
					CSVPrinter csv = new CSVPrinter(writer,
							CSVFormat.RFC4180.builder().setHeader(columns.toArray(String[]::new)).get())) {
				for (Map<String, @Nullable Object> row : rows) {
					List<@Nullable Object> values = new ArrayList<>();
					for (String column : columns) {
						values.add(cell(column, row.get(column)));
					}
					csv.printRecord(values);
				}
			}
		};
	}

	/** Removes an input no run was created for. */
	void discard(String source) {
		String prefix = "s3://" + this.store.bucket() + "/";
		if (source.startsWith(prefix)) {
			this.store.delete(source.substring(prefix.length()));
		}
	}

	private static @Nullable Object cell(String column, @Nullable Object value) {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
			return value;
		}
		throw new FieldProblem("rows", "column '" + column + "' holds " + value.getClass().getSimpleName()
				+ ": a row's values are strings, numbers or booleans");
	}

	private String storeFile(Contents contents) {
		String key = this.storage.prefix() + "uploads/" + DAY.format(this.clock.instant()) + "/" + UUID.randomUUID()
				+ ".csv";
		return spooled(contents, (spool) -> {
			this.store.putFile(key, spool, "text/csv; charset=utf-8");
			return "s3://" + this.store.bucket() + "/" + key;
		});
	}

	/** Writes the contents to a temporary file, hands it on, and deletes it. */
	private static <T> T spooled(Contents contents, Function<Path, T> then) {
		Path spool = null;
		try {
			spool = Files.createTempFile("imagebatch-upload-", ".csv");
			contents.writeTo(spool);
			return then.apply(spool);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not spool the input: " + ex.getMessage(), ex);
		}
		finally {
			if (spool != null) {
				try {
					Files.deleteIfExists(spool);
				}
				catch (IOException ex) {
					// a temporary file; the system's cleaner takes it
				}
			}
		}
	}

	/** A binary file (an image, a spreadsheet) is refused before it is stored. */
	private static void checkLooksLikeCsv(MultipartFile file) {
		String type = (file.getContentType() != null) ? file.getContentType().toLowerCase(Locale.ROOT) : "";
		String bareType = type.contains(";") ? type.substring(0, type.indexOf(';')).trim() : type;
		if (!bareType.isEmpty() && !CSV_TYPES.contains(bareType)) {
			throw new InputException("the upload is " + bareType + ", not CSV: send a CSV file with a 'prompt' column");
		}
		try (InputStream in = file.getInputStream()) {
			byte[] head = in.readNBytes(SNIFF);
			for (byte b : head) {
				if (b == 0) {
					throw new InputException(
							"the upload is a binary file, not CSV: send a CSV file with a 'prompt' column");
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the upload: " + ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	private interface Contents {

		void writeTo(Path path) throws IOException;

	}

}
