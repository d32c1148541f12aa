package io.imagebatch.input;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

	private static String readAll(Reader reader) throws IOException {
		StringBuilder text = new StringBuilder();
		char[] buffer = new char[7];
		for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
			text.append(buffer, 0, read);
		}
		return text.toString();
	}

}
