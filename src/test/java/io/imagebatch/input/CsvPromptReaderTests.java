package io.imagebatch.input;

import java.io.BufferedWriter;
import java.io.IOException;
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

	private CsvSource csv(String content) throws IOException {
		Path file = Files.createTempFile(this.directory, "prompts", ".csv");
		Files.writeString(file, content);
		return CsvSource.of(file);
	}

	private static List<ReadResult> readAll(CsvSource source) {
		try (CsvPromptReader reader = new CsvPromptReader(source)) {
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
