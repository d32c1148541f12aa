package io.imagebatch.input;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Random;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.imagebatch.input.OversizedRowFilter.Flaw.Kind.CHARACTER_AFTER_QUOTE;
import static io.imagebatch.input.OversizedRowFilter.Flaw.Kind.UNCLOSED_QUOTE;
import static org.assertj.core.api.Assertions.assertThat;

class OversizedRowFilterTests {

	@ParameterizedTest
	@ValueSource(strings = { "id,prompt\n1,a\n", "a,\"b\nc\",d\r\ne,f\r\n", "a,\"b\"\"c\"\n\n\nd\r\re",
			"\"never closed\nat all", "a,\"b\" ,c\n", "a,\"b\"x,c\nd\n", " \"a\",b\n", "a\"b\",c\n", "" })
	void passesTextWithoutLongRowsThroughUnchanged(String text) throws IOException {
		// when
		String passed = readAll(new OversizedRowFilter(new StringReader(text), 1000));

		// then
		assertThat(passed).isEqualTo(text);
	}

	@Test
	void passesRandomCsvLikeTextThroughUnchangedWhenNoRowIsTooLong() throws IOException {
		// given
		Random random = new Random(8);
		String alphabet = "ab,\"\n\r x";
		for (int sample = 0; sample < 500; sample++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(200);
			for (int i = 0; i < length; i++) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}

			// when
			String passed = readAll(new OversizedRowFilter(new StringReader(text.toString()), 1000));

			// then
			assertThat(passed).isEqualTo(text.toString());
		}
	}

	@Test
	void standsInForARowLongerThanTheLimitWithOneLineAndKeepsTheLineBreakThatEndsIt() throws IOException {
		// given
		String text = "id,prompt\r\n1,\"" + "x\n".repeat(10) + "\"\r\n2,b\r\n";
		OversizedRowFilter filter = new OversizedRowFilter(new StringReader(text), 12);

		// when
		String passed = readAll(filter);

		// then
		assertThat(passed).isEqualTo("id,prompt\r\n" + OversizedRowFilter.STAND_IN + "\r\n2,b\r\n");
		assertThat(filter.oversizedRowAt(2)).isEqualTo(new OversizedRowFilter.OversizedRow(2, 2, 12, false, 0));
		assertThat(filter.oversizedRowAt(3)).isNull();
		assertThat(filter.physicalLine(1)).isEqualTo(1);
		assertThat(filter.physicalLine(2)).isEqualTo(2);
		assertThat(filter.physicalLine(3)).isEqualTo(13);
	}

	@Test
	void addsUpTheLinesOfSeveralLongRows() throws IOException {
		// given
		String longRow = "\"" + "y\n".repeat(5) + "\"\n";
		String text = "h\n" + longRow + "a\n" + longRow + "b\n";
		OversizedRowFilter filter = new OversizedRowFilter(new StringReader(text), 5);

		// when
		String passed = readAll(filter);

		// then
		assertThat(passed).isEqualTo("h\n-\na\n-\nb\n");
		assertThat(filter.oversizedRowAt(4)).isEqualTo(new OversizedRowFilter.OversizedRow(4, 9, 14, false, 5));
		assertThat(filter.physicalLine(3)).isEqualTo(8);
		assertThat(filter.physicalLine(5)).isEqualTo(15);
	}

	@Test
	void tellsALongRowWhoseQuotedFieldRunsToTheEndOfTheText() throws IOException {
		// given
		OversizedRowFilter filter = new OversizedRowFilter(new StringReader("h\n1,\"open\n" + "z".repeat(50)), 20);

		// when
		String passed = readAll(filter);

		// then
		assertThat(passed).isEqualTo("h\n-");
		assertThat(filter.oversizedRowAt(2)).isEqualTo(new OversizedRowFilter.OversizedRow(2, 2, 3, true, 0));
	}

	@Test
	void endsALongRowAtTheLineBreakAfterACharacterTheParserRefuses() throws IOException {
		// given: the parser gives up on the x and goes on with the next line, as the
		// filter
		OversizedRowFilter filter = new OversizedRowFilter(new StringReader("h\n\"a\"x" + "\"".repeat(30) + "\n2\n"),
				10);

		// when
		String passed = readAll(filter);

		// then
		assertThat(passed).isEqualTo("h\n-\n2\n");
	}

	@Test
	void tellsTheLineOfACharacterAfterAClosingQuoteInTheRecordTheParserFailedIn() throws IOException {
		// given
		OversizedRowFilter filter = new OversizedRowFilter(new StringReader("h\n1,\"a\"\n2,\"b\nc\"x,d\n3\n"), 1000);

		// when
		readAll(filter);

		// then: the record after line 2 fails on line 4
		assertThat(filter.flawIn(2, 4)).isEqualTo(new OversizedRowFilter.Flaw(CHARACTER_AFTER_QUOTE, 4));
	}

	@Test
	void tellsTheLineOnWhichAQuoteThatIsNeverClosedWasOpened() throws IOException {
		// given
		OversizedRowFilter filter = new OversizedRowFilter(new StringReader("h\n1,a\n2,\"open\n\"\"more\nend"), 1000);

		// when
		readAll(filter);

		// then
		assertThat(filter.flawIn(2, 5)).isEqualTo(new OversizedRowFilter.Flaw(UNCLOSED_QUOTE, 3));
	}

	@Test
	void tellsNoFlawOutsideTheRecordTheParserFailedIn() throws IOException {
		// given: a stray character on line 2
		OversizedRowFilter filter = new OversizedRowFilter(new StringReader("h\n\"a\"x\n\"b\n"), 1000);

		// when
		readAll(filter);

		// then: not the parser's reason when it failed on another line, or after that
		// record
		assertThat(filter.flawIn(0, 2)).isNotNull();
		assertThat(filter.flawIn(0, 3)).isNull();
		assertThat(filter.flawIn(2, 3)).isNull();
	}

	@Test
	void tellsNoFlawInARowPassedOverForItsLength() throws IOException {
		// given: the parser reads a stand-in, not the stray character
		OversizedRowFilter filter = new OversizedRowFilter(new StringReader("h\n\"a\"x" + "y".repeat(30) + "\n2\n"),
				10);

		// when
		readAll(filter);

		// then
		assertThat(filter.flawIn(0, 2)).isNull();
	}

	/**
	 * The scan and Commons CSV must agree, or a reason would be wrong. Commons CSV's
	 * messages serve here as the oracle only: if its wording changes this test fails, and
	 * the reasons users see do not.
	 */
	@Test
	void agreesWithCommonsCsvOnWhereAndWhyRandomTextCannotBeSplit() throws IOException {
		// given
		Random random = new Random(11);
		String alphabet = "ab,\"\"\n\r x\t";
		int failures = 0;
		for (int sample = 0; sample < 2000; sample++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(80);
			for (int i = 0; i < length; i++) {
				text.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			OversizedRowFilter filter = new OversizedRowFilter(new StringReader(text.toString()), 1000);
			CSVParser parser = CsvPromptReader.FORMAT.parse(filter);
			long afterLine = 0;
			String failure = null;

			// when
			try {
				Iterator<CSVRecord> records = parser.iterator();
				while (records.hasNext()) {
					records.next();
					afterLine = parser.getCurrentLineNumber();
				}
			}
			catch (UncheckedIOException ex) {
				failure = ex.getCause().getMessage();
			}

			// then
			long lastLine = parser.getCurrentLineNumber();
			if (failure == null) {
				for (long line = 1; line <= lastLine; line++) {
					assertThat(filter.flawIn(0, line)).as(text.toString()).isNull();
				}
				continue;
			}
			failures++;
			OversizedRowFilter.Flaw flaw = filter.flawIn(afterLine, lastLine);
			assertThat(flaw).as(text.toString()).isNotNull();
			if (failure.contains("EOF reached before encapsulated token finished")) {
				assertThat(failure).as(text.toString()).contains("(startline " + flaw.line() + ")");
				assertThat(flaw.kind()).isEqualTo(UNCLOSED_QUOTE);
			}
			else {
				assertThat(failure).as(text.toString())
					.startsWith(
							"Invalid character between encapsulated token and delimiter at line: " + lastLine + ",");
				assertThat(flaw).isEqualTo(new OversizedRowFilter.Flaw(CHARACTER_AFTER_QUOTE, lastLine));
			}
		}
		assertThat(failures).isGreaterThan(500);
	}

	private static String readAll(Reader reader) throws IOException {
		StringBuilder text = new StringBuilder();
		char[] buffer = new char[7];
		for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
			text.append(buffer, 0, read);
		}
		return text.toString();
	}

}
