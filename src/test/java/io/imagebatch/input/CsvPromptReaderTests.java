package io.imagebatch.input;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CsvPromptReaderTests {

	@TempDir
	Path directory;

	@Test
	void readsQuotedCommasQuotesAndEmbeddedNewlinesWithTheLineEachRowStartsOn() throws IOException {
		// given
		CsvSource source = csv("id,prompt,style\n" + "1,\"a cat, sitting\",vivid\n"
				+ "2,\"a dog\non two\nlines\",natural\n" + "3,\"say \"\"hi\"\"\",vivid\n");

		// when
		List<ReadResult> results = readAll(source);

		// then
		assertThat(results).containsExactly(row(2, "id", "1", "prompt", "a cat, sitting", "style", "vivid"),
				row(3, "id", "2", "prompt", "a dog\non two\nlines", "style", "natural"),
				row(6, "id", "3", "prompt", "say \"hi\"", "style", "vivid"));
	}

	@Test
	void countsSkippedBlankLinesInTheStartLineOfTheNextRow() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n\n1,a\n\n\n2,\"b\nc\"\n\n3,d\n\n");

		// when
		List<ReadResult> results = readAll(source);

		// then
		assertThat(results).extracting(CsvPromptReaderTests::lineOf).containsExactly(3L, 6L, 9L);
	}

	@Test
	void countsWindowsAndOldMacLineEndingsAsOneLineEach() throws IOException {
		// given
		CsvSource windows = csv("id,prompt\r\n\r\n1,\"a\r\nb\"\r\n2,c\r\n");
		CsvSource oldMac = csv("id,prompt\r\r1,\"a\rb\"\r2,c\r");

		// when
		List<ReadResult> fromWindows = readAll(windows);
		List<ReadResult> fromOldMac = readAll(oldMac);

		// then
		assertThat(fromWindows).extracting(CsvPromptReaderTests::lineOf).containsExactly(3L, 5L);
		assertThat(fromOldMac).extracting(CsvPromptReaderTests::lineOf).containsExactly(3L, 5L);
	}

	@Test
	void passesOverRecordsWithNothingButBlankFields() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n,\n   \n1,a\n");

		// when
		List<ReadResult> results = readAll(source);

		// then
		assertThat(results).containsExactly(row(4, "id", "1", "prompt", "a"));
	}

	@Test
	void skipsAByteOrderMarkBeforeTheHeader() throws IOException {
		// given
		CsvSource source = csv("\uFEFFprompt,id\nhello,7\n");

		// when
		List<ReadResult> results = readAll(source);

		// then
		assertThat(results).containsExactly(row(2, "prompt", "hello", "id", "7"));
	}

	@Test
	void keysColumnsByLowerCasedTrimmedHeaderNames() throws IOException {
		// given
		CsvSource source = csv(" Prompt ,ID,Model\na fox,f1,dall-e-3\n");

		// when
		List<ReadResult> results = readAll(source);

		// then
		assertThat(results).containsExactly(row(2, "prompt", "a fox", "id", "f1", "model", "dall-e-3"));
	}

	@Test
	void leavesOutBlankValuesAndKeepsOtherColumnsInHeaderOrder() throws IOException {
		// given
		CsvSource source = csv("sku,prompt,model,category\nA-1,a lamp,  ,lighting\n");

		// when
		List<ReadResult> results = readAll(source);

		// then
		PromptRow row = ((ReadResult.Row) results.get(0)).row();
		assertThat(row.columns()).containsExactly(Map.entry("sku", "A-1"), Map.entry("prompt", "a lamp"),
				Map.entry("category", "lighting"));
	}

	@Test
	void reportsARowWithTheWrongNumberOfFieldsAndReadsOn() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n1,a,extra\n2,b\n3\n4,d\n");

		// when
		List<ReadResult> results = readAll(source);

		// then
		assertThat(results).containsExactly(new ReadResult.Malformed(2, "row has 3 fields but the header has 2"),
				row(3, "id", "2", "prompt", "b"), new ReadResult.Malformed(4, "row has 1 field but the header has 2"),
				row(5, "id", "4", "prompt", "d"));
	}

	@Test
	void endsWithTheLineOfAQuoteThatIsNeverClosedAfterReturningEarlierRows() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n1,a\n2,b\n\n3,\"never\nclosed\n4,d\n5,e\n");

		// when
		try (CsvPromptReader reader = new CsvPromptReader(source)) {
			List<ReadResult> results = drain(reader);

			// then
			assertThat(results).containsExactly(row(2, "id", "1", "prompt", "a"), row(3, "id", "2", "prompt", "b"),
					new ReadResult.Malformed(5,
							"quoted field opened on line 5 is never closed; lines 5–8 could not be split into rows"));
			assertThat(reader.next()).isNull();
			assertThat(reader.recordsRead()).isEqualTo(3);
		}
	}

	@Test
	void resumesOnTheNextLineAfterACharacterFollowingAClosingQuote() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n1,a\n\n2,\"b\"x,more\n3,c\n\n4,\"d\ne\"\n");

		// when
		List<ReadResult> results = readAll(source);

		// then
		assertThat(results).containsExactly(row(2, "id", "1", "prompt", "a"),
				new ReadResult.Malformed(4,
						"unexpected character after a closing quote on line 4; the line was skipped"),
				row(5, "id", "3", "prompt", "c"), row(7, "id", "4", "prompt", "d\ne"));
	}

	@Test
	void reportsTheStartOfAMultiLineRecordWithAStrayCharacterAndResumesAfterIt() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n\n1,\"a\nb\"x\n2,c\n");

		// when
		List<ReadResult> results = readAll(source);

		// then
		assertThat(results).containsExactly(
				new ReadResult.Malformed(3,
						"unexpected character after a closing quote on line 4; lines 3–4 were skipped"),
				row(5, "id", "2", "prompt", "c"));
	}

	@Test
	void resumesAgainAfterASecondStrayCharacterWithLinesStillRight() throws IOException {
		// given
		CsvSource source = csv("id,prompt\r\n1,\"a\"x\r\n2,b\r\n\r\n3,\"c\"y\r\n4,d\r\n");

		// when
		List<ReadResult> results = readAll(source);

		// then
		assertThat(results).containsExactly(
				new ReadResult.Malformed(2,
						"unexpected character after a closing quote on line 2; the line was skipped"),
				row(3, "id", "2", "prompt", "b"),
				new ReadResult.Malformed(5,
						"unexpected character after a closing quote on line 5; the line was skipped"),
				row(6, "id", "4", "prompt", "d"));
	}

	@Test
	void rejectsAnEmptyInput() throws IOException {
		// given
		CsvSource empty = csv("");
		CsvSource blankLines = csv("\n\n");

		// when / then
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> new CsvPromptReader(empty))
			.withMessage(empty.description() + " is empty: expected a header line with a 'prompt' column");
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> new CsvPromptReader(blankLines))
			.withMessageContaining("is empty");
	}

	@Test
	void rejectsAHeaderWithoutAPromptColumnNamingTheColumnsFound() throws IOException {
		// given
		CsvSource source = csv("A,b\n1,2\n");

		// when / then
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> new CsvPromptReader(source))
			.withMessage(source.description() + " has no 'prompt' column in its header (line 1); found: a, b");
	}

	@Test
	void rejectsAColumnNamedTwiceIgnoringCase() throws IOException {
		// given
		CsvSource source = csv("prompt,id,Prompt\na,1,b\n");

		// when / then
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> new CsvPromptReader(source))
			.withMessage(
					source.description() + " has the column 'prompt' twice in its header (line 1, columns 1 and 3)");
	}

	@Test
	void rejectsAColumnWithoutAName() throws IOException {
		// given
		CsvSource source = csv("prompt,,id\na,b,1\n");

		// when / then
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> new CsvPromptReader(source))
			.withMessage(source.description() + " has a column without a name in its header (line 1, column 2)");
	}

	@Test
	void rejectsAHeaderThatCannotBeSplitIntoColumns() throws IOException {
		// given
		CsvSource source = csv("prompt,\"id\nA,1\n");

		// when / then
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> new CsvPromptReader(source))
			.withMessage(source.description()
					+ ": the header could not be split into columns: a quoted field in it is never closed");
	}

	@Test
	void rejectsAMissingFileWithAPlainMessage() {
		// given
		CsvSource source = CsvSource.of(this.directory.resolve("missing.csv"));

		// when / then
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> new CsvPromptReader(source))
			.withMessage("cannot read " + source.description() + ": No such file");
	}

	@Test
	void rejectsTextThatIsNotUtf8() throws IOException {
		// given
		Path file = this.directory.resolve("latin1.csv");
		Files.write(file, "prompt\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
		CsvSource source = CsvSource.of(file);

		// when / then
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> readAll(source))
			.withMessageStartingWith(file + " is not valid UTF-8");
	}

	@Test
	void skipsTheRecordsAnEarlierRunTookAndCarriesOnWhereItStopped() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n1,a\n2,\"b\"x\n3,c\n4,d,extra\n5,e\n");
		List<ReadResult> firstRun = new ArrayList<>();
		try (CsvPromptReader reader = new CsvPromptReader(source)) {
			firstRun.add(reader.next());
			firstRun.add(reader.next());
			firstRun.add(reader.next());
		}

		// when
		List<ReadResult> secondRun;
		long skipped;
		try (CsvPromptReader reader = new CsvPromptReader(source)) {
			reader.skip(3);
			skipped = reader.recordsRead();
			secondRun = drain(reader);
		}

		// then
		assertThat(firstRun).extracting(CsvPromptReaderTests::lineOf).containsExactly(2L, 3L, 4L);
		assertThat(skipped).isEqualTo(3);
		assertThat(secondRun).containsExactly(new ReadResult.Malformed(5, "row has 3 fields but the header has 2"),
				row(6, "id", "5", "prompt", "e"));
	}

	@Test
	void stopsSkippingAtTheEndOfAnInputShorterThanExpected() throws IOException {
		// given
		CsvSource source = csv("prompt\na\nb\n");

		// when
		try (CsvPromptReader reader = new CsvPromptReader(source)) {
			reader.skip(10);

			// then
			assertThat(reader.recordsRead()).isEqualTo(2);
			assertThat(reader.next()).isNull();
		}
	}

	@Test
	void streamsTwoHundredThousandRows() throws IOException {
		// given
		int rows = 200_000;
		Path file = this.directory.resolve("large.csv");
		try (BufferedWriter writer = Files.newBufferedWriter(file)) {
			writer.write("id,prompt,sku\n");
			for (int i = 1; i <= rows; i++) {
				writer.write(i + ",\"a product photo, number " + i + "\",SKU-" + i + "\n");
			}
		}

		// when
		long count = 0;
		long lastLine = 0;
		try (CsvPromptReader reader = new CsvPromptReader(CsvSource.of(file))) {
			for (ReadResult result = reader.next(); result != null; result = reader.next()) {
				count++;
				lastLine = ((ReadResult.Row) result).row().line();
			}
		}

		// then
		assertThat(count).isEqualTo(rows);
		assertThat(lastLine).isEqualTo(rows + 1);
	}

	@Test
	void passesOverARowLongerThanTheLimitAndReadsOnWithTheLinesStillRight() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n1,a\n\n2,\"" + "long\n".repeat(20) + "\"\n3,c\n4,\"d\ne\"\n");

		// when
		List<ReadResult> results = readAll(source, new InputProperties(50, 10));

		// then
		assertThat(results).containsExactly(row(2, "id", "1", "prompt", "a"),
				new ReadResult.Malformed(4,
						"row is longer than 50 characters (imagebatch.input.max-row-length); lines 4–24 were skipped"),
				row(25, "id", "3", "prompt", "c"), row(26, "id", "4", "prompt", "d\ne"));
	}

	@Test
	void readsPastAHundredMegabyteQuotedFieldWithoutHoldingIt() {
		// given: the field is made as it is read, and has a line break every 1,000
		// characters
		long fieldLength = 100_000_000;
		CsvSource source = generated("id,prompt\n1,a\n2,\"", fieldLength, "\"\n3,c\n");
		var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long allocatedBefore = threads.getCurrentThreadAllocatedBytes();

		// when
		List<ReadResult> results = readAll(source, InputProperties.DEFAULTS);

		// then
		long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
		assertThat(results).containsExactly(row(2, "id", "1", "prompt", "a"),
				new ReadResult.Malformed(3, "row is longer than 100000 characters (imagebatch.input.max-row-length);"
						+ " lines 3–100003 were skipped"),
				row(100004, "id", "3", "prompt", "c"));
		assertThat(allocated).as("bytes allocated while reading").isLessThan(fieldLength / 10);
	}

	@Test
	void readsARowAsLongAsTheLimit() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n1," + "a".repeat(48) + "\n");

		// when
		List<ReadResult> results = readAll(source, new InputProperties(50, 10));

		// then
		assertThat(results).containsExactly(row(2, "id", "1", "prompt", "a".repeat(48)));
	}

	@Test
	void endsWithALongRowWhoseQuoteIsNeverClosed() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n1,a\n2,\"open\n" + "z".repeat(100) + "\n3,c\n");

		// when
		List<ReadResult> results = readAll(source, new InputProperties(50, 10));

		// then
		assertThat(results).containsExactly(row(2, "id", "1", "prompt", "a"), new ReadResult.Malformed(3,
				"row has a quoted field that is never closed; lines 3–5 could not be split into rows"));
	}

	@Test
	void resumesAfterAStrayCharacterThatFollowsALongRowWithTheLinesStillRight() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n1,\"" + "x\n".repeat(30) + "\"\n2,\"b\"x\n3,c\n");

		// when
		List<ReadResult> results = readAll(source, new InputProperties(50, 10));

		// then
		assertThat(results).containsExactly(
				new ReadResult.Malformed(2,
						"row is longer than 50 characters (imagebatch.input.max-row-length); lines 2–32 were skipped"),
				new ReadResult.Malformed(33,
						"unexpected character after a closing quote on line 33; the line was skipped"),
				row(34, "id", "3", "prompt", "c"));
	}

	@Test
	void countsALongRowAsOneRecordWhenARestartSkipsWhatWasRead() throws IOException {
		// given
		CsvSource source = csv("id,prompt\n1,a\n2,\"" + "b".repeat(100) + "\"\n3,c\n");
		InputProperties limits = new InputProperties(50, 10);

		// when
		List<ReadResult> afterRestart;
		try (CsvPromptReader reader = new CsvPromptReader(source, limits)) {
			reader.skip(2);
			afterRestart = drain(reader);
		}

		// then
		assertThat(afterRestart).containsExactly(row(4, "id", "3", "prompt", "c"));
	}

	@Test
	void rejectsAHeaderLongerThanTheRowLimit() throws IOException {
		// given
		CsvSource source = csv("prompt," + "c".repeat(60) + "\na,b\n");

		// when / then
		assertThatExceptionOfType(InputException.class)
			.isThrownBy(() -> new CsvPromptReader(source, new InputProperties(50, 10)))
			.withMessage(source.description()
					+ ": the header (line 1) is longer than 50 characters (imagebatch.input.max-row-length)");
	}

	@Test
	void rejectsAHeaderWithMoreColumnsThanTheLimit() throws IOException {
		// given
		CsvSource source = csv("prompt,a,b,c\n1,2,3,4\n");

		// when / then
		assertThatExceptionOfType(InputException.class)
			.isThrownBy(() -> new CsvPromptReader(source, new InputProperties(1000, 3)))
			.withMessage(source.description()
					+ " has 4 columns in its header (line 1); at most 3 are read (imagebatch.input.max-columns)");
	}

	@Test
	void readsAHeaderOfAMillionColumnsWhenTheLimitsAllowIt() {
		// given
		int columns = 1_000_000;
		CsvSource source = wideHeader(columns);

		// when
		List<ReadResult> results = readAll(source, new InputProperties(20_000_000, columns));

		// then
		assertThat(results).hasSize(1);
		assertThat(((ReadResult.Row) results.get(0)).row().columns()).containsEntry("prompt", "a")
			.containsEntry("c999999", "x")
			.hasSize(2);
	}

	@Test
	void refusesAHeaderOfAMillionColumnsWithTheDefaultLimits() {
		// given
		CsvSource source = wideHeader(1_000_000);

		// when / then
		assertThatExceptionOfType(InputException.class)
			.isThrownBy(() -> new CsvPromptReader(source, InputProperties.DEFAULTS))
			.withMessageContaining("the header (line 1) is longer than 100000 characters");
	}

	@Test
	void rejectsAColumnNameWithAControlCharacter() throws IOException {
		// given
		CsvSource source = csv("prompt,sk\u0000u\na,b\n");

		// when / then
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> new CsvPromptReader(source))
			.withMessage(source.description()
					+ ": the name of column 2 in its header (line 1) contains a NUL byte at character 3");
	}

	@Test
	void listsOnlyTheFirstColumnsOfAWideHeaderWithoutAPromptColumn() throws IOException {
		// given
		StringBuilder header = new StringBuilder("c1");
		for (int i = 2; i <= 25; i++) {
			header.append(",c").append(i);
		}
		CsvSource source = csv(header + "\n");

		// when / then
		assertThatExceptionOfType(InputException.class).isThrownBy(() -> new CsvPromptReader(source))
			.withMessageEndingWith("found: c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17,"
					+ " c18, c19, c20 and 5 more");
	}

	/**
	 * A header of {@code prompt} and {@code columns - 1} more, and a row with a value in
	 * the first and the last, made as they are read.
	 */
	private static CsvSource wideHeader(int columns) {
		return new CsvSource() {

			@Override
			public Reader open() {
				return new Reader() {

					private int column;

					private String pending = "prompt";

					private int pendingPosition;

					@Override
					public int read(char[] target, int offset, int length) {
						int written = 0;
						while (written < length) {
							if (this.pendingPosition == this.pending.length()) {
								if (this.column == columns) {
									return (written > 0) ? written : -1;
								}
								this.column++;
								this.pendingPosition = 0;
								this.pending = (this.column < columns) ? ",c" + this.column
										: "\na" + ",".repeat(columns - 1) + "x\n";
							}
							int count = Math.min(length - written, this.pending.length() - this.pendingPosition);
							this.pending.getChars(this.pendingPosition, this.pendingPosition + count, target,
									offset + written);
							this.pendingPosition += count;
							written += count;
						}
						return written;
					}

					@Override
					public void close() {
					}

				};
			}

			@Override
			public String description() {
				return "wide.csv";
			}

		};
	}

	/**
	 * {@code before}, then {@code length} characters with a line break after every 999,
	 * then {@code after}, made as they are read: nothing holds the whole text.
	 */
	private static CsvSource generated(String before, long length, String after) {
		return new CsvSource() {

			@Override
			public Reader open() {
				return new Reader() {

					private long position;

					@Override
					public int read(char[] target, int offset, int count) {
						long total = before.length() + length + after.length();
						if (this.position >= total) {
							return -1;
						}
						int written = 0;
						while (written < count && this.position < total) {
							long p = this.position;
							char c;
							if (p < before.length()) {
								c = before.charAt((int) p);
							}
							else if (p < before.length() + length) {
								c = ((p - before.length()) % 1000 == 999) ? '\n' : 'q';
							}
							else {
								c = after.charAt((int) (p - before.length() - length));
							}
							target[offset + written++] = c;
							this.position++;
						}
						return written;
					}

					@Override
					public void close() {
					}

				};
			}

			@Override
			public String description() {
				return "generated.csv";
			}

		};
	}

	private CsvSource csv(String content) throws IOException {
		Path file = Files.createTempFile(this.directory, "prompts", ".csv");
		Files.writeString(file, content);
		return CsvSource.of(file);
	}

	private static List<ReadResult> readAll(CsvSource source) {
		return readAll(source, InputProperties.DEFAULTS);
	}

	private static List<ReadResult> readAll(CsvSource source, InputProperties limits) {
		try (CsvPromptReader reader = new CsvPromptReader(source, limits)) {
			return drain(reader);
		}
	}

	private static List<ReadResult> drain(CsvPromptReader reader) {
		List<ReadResult> results = new ArrayList<>();
		for (ReadResult result = reader.next(); result != null; result = reader.next()) {
			results.add(result);
		}
		return results;
	}

	private static long lineOf(ReadResult result) {
		return switch (result) {
			case ReadResult.Row row -> row.row().line();
			case ReadResult.Malformed malformed -> malformed.line();
		};
	}

	private static ReadResult row(long line, String... columnsAndValues) {
		Map<String, String> columns = new java.util.LinkedHashMap<>();
		for (int i = 0; i < columnsAndValues.length; i += 2) {
			columns.put(columnsAndValues[i], columnsAndValues[i + 1]);
		}
		return new ReadResult.Row(new PromptRow(line, columns));
	}

}
