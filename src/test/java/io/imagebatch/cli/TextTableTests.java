package io.imagebatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTableTests {

	@Test
	void printsCellsFromOutsideWithoutTheirEscapeSequencesOrLineBreaks() {
		// given: a gateway message that clears the screen and draws a line of its own
		TextTable table = new TextTable("ID", "REASON").row("row-1",
				"quota\u001B[2J\u001B[H\nRun 42 COMPLETED: all items SUCCEEDED\u009B0m");

		// when
		String printed = print(table);

		// then
		assertThat(printed).doesNotContainPattern("[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F]").isEqualTo("""
				ID     REASON
				row-1  quota Run 42 COMPLETED: all items SUCCEEDED
				""");
	}

	@Test
	void alignsColumnsOnWhatIsPrintedNotOnTheEscapesARowCarried() {
		// given
		TextTable table = new TextTable("ID", "N").alignRight(1).row("\u001B[31mred\u001B[0m", 1).row("plain", 22);

		// when
		String printed = print(table);

		// then
		assertThat(printed).isEqualTo("""
				ID      N
				red     1
				plain  22
				""");
	}

	private static String print(TextTable table) {
		StringWriter out = new StringWriter();
		table.print(new PrintWriter(out, true), "");
		return out.toString().replace(System.lineSeparator(), "\n");
	}

}
