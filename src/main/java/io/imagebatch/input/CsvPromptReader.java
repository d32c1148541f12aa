package io.imagebatch.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * Reads prompt rows from a CSV source one record at a time, in constant memory whatever
 * the size of the input. The header is read when the reader is created; an unusable input
 * (unreadable, empty, no {@code prompt} column, a column named twice) raises an
 * {@link InputException} there.
 * <p>
 * Each later record comes back as a {@link ReadResult.Row}, or as a
 * {@link ReadResult.Malformed} when its text cannot be split into the header's columns,
 * so no row is ever lost silently. After a stray character following a closing quote the
 * reader resumes on the next line; after a quote that is never closed it ends, because
 * nothing after that quote can be split into rows.
 * <p>
 * Memory stays bounded whatever the input holds: a record longer than
 * {@link InputProperties#maxRowLength()} is never held but passed over (see
 * {@link OversizedRowFilter}) and comes back as a {@link ReadResult.Malformed}, and a
 * header with more than {@link InputProperties#maxColumns()} columns is refused.
 * <p>
 * Not thread-safe: one reader serves one consumer.
 */
public final class CsvPromptReader implements AutoCloseable {

	private static final String PROMPT_COLUMN = "prompt";

	private static final int NAMES_LISTED = 20;

	// The header is not declared to Commons CSV: a parser resumed in the middle of the
	// file has no header record of its own, and header problems deserve messages a person
	// understands. Both passes therefore read plain records and share one header.
	static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

	private final CsvSource source;

	private final String requiredColumn;

	private final InputProperties limits;

	private final List<String> header;

	private @Nullable Pass pass;

	// the physical line on which the last record read (of any kind) ended
	private long lastEndLine;

	// the physical line on which the last record read started
	private long recordStartLine;

	// the record passed over for its length that the last record read stands in for
	private OversizedRowFilter.@Nullable OversizedRow oversizedRow;

	private long recordsRead;

	/**
	 * Open the source and read its header, with the default limits.
	 * @param source the CSV
	 * @throws InputException when the source cannot be read or its header is unusable
	 */
	public CsvPromptReader(CsvSource source) {
		this(source, PROMPT_COLUMN, InputProperties.DEFAULTS);
	}

	/**
	 * Open the source and read its header.
	 * @param source the CSV
	 * @param limits the longest row and the most columns
	 * @throws InputException when the source cannot be read or its header is unusable
	 */
	public CsvPromptReader(CsvSource source, InputProperties limits) {
		this(source, PROMPT_COLUMN, limits);
	}

	/**
	 * Open the source and read its header, which must name {@code requiredColumn}, with
	 * the default limits.
	 * @param source the CSV
	 * @param requiredColumn the column the header must have
	 * @throws InputException when the source cannot be read or its header is unusable
	 */
	public CsvPromptReader(CsvSource source, String requiredColumn) {
		this(source, requiredColumn, InputProperties.DEFAULTS);
	}

	/**
	 * Open the source and read its header, which must name {@code requiredColumn}: for
	 * CSVs of something other than prompts, such as edits keyed by {@code id}.
	 * @param source the CSV
	 * @param requiredColumn the column the header must have
	 * @param limits the longest row and the most columns
	 * @throws InputException when the source cannot be read or its header is unusable
	 */
	public CsvPromptReader(CsvSource source, String requiredColumn, InputProperties limits) {
		this.source = source;
		this.requiredColumn = requiredColumn;
		this.limits = limits;
		this.pass = newPass(openSource(), 0);
		try {
			this.header = readHeader();
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Read the next record.
	 * @return the next row or malformed record, or {@code null} at the end of the input
	 * @throws InputException when the source fails while being read
	 */
	public @Nullable ReadResult next() {
		Pass current = this.pass;
		if (current == null) {
			return null;
		}
		ReadResult result;
		try {
			CSVRecord record = nextRecord(current);
			if (record == null) {
				close();
				return null;
			}
			OversizedRowFilter.OversizedRow oversized = this.oversizedRow;
			result = (oversized != null) ? tooLong(oversized) : toResult(record);
		}
		catch (UncheckedIOException ex) {
			result = malformed(current, ex.getCause());
		}
		this.recordsRead++;
		return result;
	}

	/**
	 * How many records {@link #next()} has returned, rows and malformed records alike;
	 * the number to {@link #skip(long)} when a run restarts.
	 * @return the count
	 */
	public long recordsRead() {
		return this.recordsRead;
	}

	/**
	 * Fast-forward past records already taken on an earlier run. Stops early, without
	 * error, when the input ends first; {@link #recordsRead()} then tells how far it got.
	 * @param records the number of records to pass over
	 */
	public void skip(long records) {
		long skipped = 0;
		while (skipped < records && next() != null) {
			skipped++;
		}
	}

	@Override
	public void close() {
		Pass current = this.pass;
		this.pass = null;
		if (current != null) {
			try {
				current.parser().close();
			}
			catch (IOException ex) {
				// everything needed has been read; a failing close of an input loses
				// nothing
			}
		}
	}

	private List<String> readHeader() {
		CSVRecord record;
		try {
			record = nextRecord(currentPass());
		}
		catch (UncheckedIOException ex) {
			if (ex.getCause() instanceof CSVException csv) {
				OversizedRowFilter.Flaw flaw = flawOf(currentPass());
				String problem = (flaw == null) ? String.valueOf(csv.getMessage()) : switch (flaw.kind()) {
					case UNCLOSED_QUOTE -> "a quoted field in it is never closed";
					case CHARACTER_AFTER_QUOTE -> "it has a character after a closing quote";
				};
				throw new InputException(
						"%s: the header could not be split into columns: %s".formatted(description(), problem));
			}
			throw cannotRead(ex.getCause());
		}
		if (record == null) {
			throw new InputException("%s is empty: expected a header line with a '%s' column".formatted(description(),
					this.requiredColumn));
		}
		if (this.oversizedRow != null) {
			throw new InputException("%s: the header (line %d) is longer than %d characters (%s)".formatted(
					description(), this.recordStartLine, this.limits.maxRowLength(), InputProperties.MAX_ROW_LENGTH));
		}
		if (record.size() > this.limits.maxColumns()) {
			throw new InputException("%s has %d columns in its header (line %d); at most %d are read (%s)".formatted(
					description(), record.size(), this.recordStartLine, this.limits.maxColumns(),
					InputProperties.MAX_COLUMNS));
		}
		List<String> names = new ArrayList<>(record.size());
		// a set, not a search of the list: headers can be wide
		Map<String, Integer> columnOf = new HashMap<>();
		for (String value : record) {
			String name = value.strip().toLowerCase(Locale.ROOT);
			int column = names.size() + 1;
			if (name.isEmpty()) {
				throw new InputException("%s has a column without a name in its header (line %d, column %d)"
					.formatted(description(), this.recordStartLine, column));
			}
			String refused = ControlCharacters.firstRefused(name, ControlCharacters.Allowed.NONE);
			if (refused != null) {
				throw new InputException("%s: the name of column %d in its header (line %d) contains %s"
					.formatted(description(), column, this.recordStartLine, refused));
			}
			Integer earlier = columnOf.putIfAbsent(name, column);
			if (earlier != null) {
				throw new InputException("%s has the column '%s' twice in its header (line %d, columns %d and %d)"
					.formatted(description(), ControlCharacters.quoted(name), this.recordStartLine, earlier, column));
			}
			names.add(name);
		}
		if (!columnOf.containsKey(this.requiredColumn)) {
			throw new InputException("%s has no '%s' column in its header (line %d); found: %s".formatted(description(),
					this.requiredColumn, this.recordStartLine, listed(names)));
		}
		return List.copyOf(names);
	}

	/** Column names for a message: all of a narrow header, the start of a wide one. */
	private static String listed(List<String> names) {
		List<String> shown = names.stream().limit(NAMES_LISTED).map(ControlCharacters::quoted).toList();
		String more = (names.size() > NAMES_LISTED) ? " and %d more".formatted(names.size() - NAMES_LISTED) : "";
		return String.join(", ", shown) + more;
	}

	/**
	 * The next record that holds anything, with its start and end lines noted. Records
	 * whose fields are all blank (a line of spaces, a spreadsheet's {@code ,,,}) carry
	 * nothing to generate or report, so they are passed over like empty lines.
	 */
	private @Nullable CSVRecord nextRecord(Pass current) {
		while (current.records().hasNext()) {
			CSVRecord record = current.records().next();
			// the parser knows where a record ends, not where it starts: empty lines
			// before it are skipped unseen, so count back over its embedded line breaks
			long endLine = current.parser().getCurrentLineNumber();
			long startLine = endLine - lineBreaksIn(record);
			this.oversizedRow = current.rows().oversizedRowAt(startLine);
			if (this.oversizedRow != null) {
				this.recordStartLine = current.lineOffset() + this.oversizedRow.firstLine();
				this.lastEndLine = current.lineOffset() + this.oversizedRow.lastLine();
				return record;
			}
			this.recordStartLine = current.physicalLine(startLine);
			this.lastEndLine = current.physicalLine(endLine);
			if (!isBlank(record)) {
				return record;
			}
		}
		return null;
	}

	private ReadResult tooLong(OversizedRowFilter.OversizedRow row) {
		long firstLine = this.recordStartLine;
		long lastLine = this.lastEndLine;
		if (row.unclosedQuote()) {
			close();
			return new ReadResult.Malformed(firstLine,
					"row has a quoted field that is never closed; %s could not be split into rows"
						.formatted(lines(firstLine, lastLine)));
		}
		String skipped = (lastLine > firstLine) ? "lines %d–%d were skipped".formatted(firstLine, lastLine)
				: "the line was skipped";
		return new ReadResult.Malformed(firstLine, "row is longer than %d characters (%s); %s"
			.formatted(this.limits.maxRowLength(), InputProperties.MAX_ROW_LENGTH, skipped));
	}

	private ReadResult toResult(CSVRecord record) {
		if (record.size() != this.header.size()) {
			return new ReadResult.Malformed(this.recordStartLine,
					"row has %s but the header has %d".formatted(fields(record.size()), this.header.size()));
		}
		Map<String, String> columns = new LinkedHashMap<>();
		for (int i = 0; i < record.size(); i++) {
			String value = record.get(i);
			if (!value.isBlank()) {
				columns.put(this.header.get(i), value);
			}
		}
		return new ReadResult.Row(new PromptRow(this.recordStartLine, Collections.unmodifiableMap(columns)));
	}

	private ReadResult malformed(Pass current, IOException failure) {
		long lastLine = current.physicalLine(current.parser().getCurrentLineNumber());
		if (!(failure instanceof CSVException)) {
			close();
			throw cannotRead(failure, lastLine);
		}
		OversizedRowFilter.Flaw flaw = flawOf(current);
		if (flaw == null) {
			// a failure the scan does not know: the parser's words are all there is
			close();
			long startLine = this.lastEndLine + 1;
			return new ReadResult.Malformed(startLine,
					"%s could not be split into rows: %s".formatted(lines(startLine, lastLine), failure.getMessage()));
		}
		return switch (flaw.kind()) {
			case CHARACTER_AFTER_QUOTE -> {
				long startLine = resumeAfter(lastLine);
				String skipped = (startLine == lastLine) ? "the line was skipped"
						: "lines %d–%d were skipped".formatted(startLine, lastLine);
				yield new ReadResult.Malformed(startLine,
						"unexpected character after a closing quote on line %d; %s".formatted(lastLine, skipped));
			}
			case UNCLOSED_QUOTE -> {
				close();
				long openLine = current.lineOffset() + flaw.line();
				yield new ReadResult.Malformed(openLine,
						"quoted field opened on line %d is never closed; %s could not be split into rows"
							.formatted(openLine, lines(openLine, lastLine)));
			}
		};
	}

	/**
	 * Why the parser of a pass failed, from the scan of the text it was given rather than
	 * from the words of its exception.
	 */
	private OversizedRowFilter.@Nullable Flaw flawOf(Pass current) {
		return current.rows()
			.flawIn(this.lastEndLine - current.lineOffset(),
					current.rows().physicalLine(current.parser().getCurrentLineNumber()));
	}

	/**
	 * Continue after the line on which the parser gave up. Commons CSV cannot carry on
	 * after an error and reads ahead of the record it returns, so the source is opened
	 * again and physical lines are counted up to the failing one.
	 * @param failedLine the physical line on which the error was detected
	 * @return the physical line on which the failed record started
	 */
	private long resumeAfter(long failedLine) {
		close();
		BufferedReader reader = new BufferedReader(openSource());
		long firstContentLine = -1;
		try {
			long line = 1;
			int c;
			while (line <= failedLine && (c = reader.read()) != -1) {
				if (c == '\n' || c == '\r') {
					if (c == '\r') {
						reader.mark(1);
						if (reader.read() != '\n') {
							reader.reset();
						}
					}
					line++;
				}
				else if (firstContentLine < 0 && line > this.lastEndLine) {
					firstContentLine = line;
				}
			}
		}
		catch (IOException ex) {
			closeQuietly(reader);
			throw cannotRead(ex, failedLine);
		}
		long startLine = (firstContentLine > 0) ? firstContentLine : Math.min(this.lastEndLine + 1, failedLine);
		this.pass = newPass(reader, failedLine);
		this.lastEndLine = failedLine;
		return startLine;
	}

	private Reader openSource() {
		try {
			return this.source.open();
		}
		catch (IOException ex) {
			throw cannotRead(ex);
		}
	}

	private Pass newPass(Reader reader, long lineOffset) {
		OversizedRowFilter rows = new OversizedRowFilter(reader, this.limits.maxRowLength());
		try {
			return new Pass(FORMAT.parse(rows), rows, lineOffset);
		}
		catch (IOException ex) {
			closeQuietly(reader);
			throw cannotRead(ex);
		}
	}

	private Pass currentPass() {
		Pass current = this.pass;
		if (current == null) {
			throw new IllegalStateException("reader is closed");
		}
		return current;
	}

	private String description() {
		return this.source.description();
	}

	private InputException cannotRead(IOException ex) {
		if (ex instanceof CharacterCodingException) {
			return new InputException("%s is not valid UTF-8; save it as UTF-8 and try again".formatted(description()),
					ex);
		}
		return new InputException("cannot read %s: %s".formatted(description(), reasonOf(ex)), ex);
	}

	private InputException cannotRead(IOException ex, long afterLine) {
		if (ex instanceof CharacterCodingException) {
			return new InputException(
					"%s is not valid UTF-8 (the first bad byte is after line %d); save it as UTF-8 and try again"
						.formatted(description(), afterLine),
					ex);
		}
		return new InputException("cannot read %s after line %d: %s".formatted(description(), afterLine, reasonOf(ex)),
				ex);
	}

	private static String reasonOf(IOException ex) {
		if (ex instanceof NoSuchFileException) {
			return "No such file";
		}
		if (ex instanceof AccessDeniedException) {
			return "Permission denied";
		}
		if (ex instanceof FileSystemException fs && fs.getReason() != null) {
			return fs.getReason();
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	private static long lineBreaksIn(CSVRecord record) {
		long breaks = 0;
		for (String value : record) {
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				// \r\n is one break, as the parser counts it
				if (c == '\n' || (c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n'))) {
					breaks++;
				}
			}
		}
		return breaks;
	}

	private static boolean isBlank(CSVRecord record) {
		for (String value : record) {
			if (!value.isBlank()) {
				return false;
			}
		}
		return true;
	}

	private static String fields(int count) {
		return (count == 1) ? "1 field" : count + " fields";
	}

	private static String lines(long first, long last) {
		return (last <= first) ? "line " + first : "lines %d–%d".formatted(first, last);
	}

	private static void closeQuietly(Reader reader) {
		try {
			reader.close();
		}
		catch (IOException ex) {
			// already failing with a better message
		}
	}

	/**
	 * One parser over the source; a new one starts after a line that could not be split.
	 *
	 * @param parser the parser
	 * @param records the parser's records
	 * @param rows what stands between the source and the parser
	 * @param lineOffset the physical line just before the parser's first line
	 */
	private record Pass(CSVParser parser, Iterator<CSVRecord> records, OversizedRowFilter rows, long lineOffset) {

		Pass(CSVParser parser, OversizedRowFilter rows, long lineOffset) {
			this(parser, parser.iterator(), rows, lineOffset);
		}

		/** The physical line of a line as the parser counts it. */
		long physicalLine(long parserLine) {
			return this.lineOffset + this.rows.physicalLine(parserLine);
		}

	}

}
