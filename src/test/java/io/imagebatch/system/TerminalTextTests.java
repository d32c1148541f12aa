package io.imagebatch.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTextTests {

	@Test
	void keepsOrdinaryTextOfAnyScriptAsItIs() {
		// given
		String text = "Ein rotes Drachen · 赤い凧 · طائرة ورقية 🪁 — 100%";

		// when
		String printable = TerminalText.line(text);

		// then
		assertThat(printable).isEqualTo(text);
	}

	@Test
	void removesAClearScreenAndAFakeSuccessLineDrawnOverTheRealOne() {
		// given: clear the screen, home the cursor, go up a line, erase it, write a lie
		String message = "quota\u001B[2J\u001B[H\u001B[1A\u001B[2K\rRun 42 COMPLETED: all items SUCCEEDED\u001B[0m";

		// when
		String printable = TerminalText.line(message);

		// then
		assertThat(printable).isEqualTo("quota Run 42 COMPLETED: all items SUCCEEDED").doesNotContain("\u001B");
	}

	@Test
	void removesWindowTitlesAndHyperlinksWithTheirHiddenText() {
		// given
		String message = "a\u001B]0;pwned\u0007b\u001B]8;;https://evil.example\u001B\\link\u001B]8;;\u001B\\c";

		// when
		String printable = TerminalText.line(message);

		// then
		assertThat(printable).isEqualTo("ablinkc");
	}

	@Test
	void removesEightBitControlSequencesAndLoneControlCharacters() {
		// given: CSI, OSC ... ST and NEL in their C1 form; NUL, BEL, backspace, DEL
		String message = "a\u009B2Jb\u009D0;title\u009Cc\u0000d\u0007e\u0008f\u007Fg\u0085h";

		// when
		String printable = TerminalText.line(message);

		// then
		assertThat(printable).isEqualTo("abcdefg h");
	}

	@Test
	void removesSingleCharacterEscapesLikeAFullReset() {
		// given: ESC c resets the terminal, ESC 7/8 save and restore the cursor, ESC ( B
		// picks a character set
		String message = "a\u001Bcb\u001B7c\u001B8d\u001B(Be";

		// when
		String printable = TerminalText.line(message);

		// then
		assertThat(printable).isEqualTo("abcde");
	}

	@Test
	void foldsLineBreaksAndTabsToSpacesForOneLine() {
		// given
		String message = "line one\r\nline two\nline three\ttabbed\rback";

		// when
		String printable = TerminalText.line(message);

		// then
		assertThat(printable).isEqualTo("line one line two line three tabbed back");
	}

	@Test
	void keepsLineBreaksForMultiLineTextButNeverALoneCarriageReturn() {
		// given
		String trace = "Exception: boom\u001B[31m\r\n\tat a.b(C.java:1)\rfake line";

		// when
		String printable = TerminalText.lines(trace);

		// then
		assertThat(printable).isEqualTo("Exception: boom\n\tat a.b(C.java:1)\nfake line");
	}

	@Test
	void removesBidirectionalOverridesThatReorderWhatIsShown() {
		// given
		String id = "invoice\u202Egpj.exe\u202C";

		// when
		String printable = TerminalText.line(id);

		// then
		assertThat(printable).isEqualTo("invoicegpj.exe");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "\u001B", "\u001B[", "\u001B[12;", "\u009B", "a\u001B]no terminator", "a\u009Dno terminator" })
	void unfinishedSequencesAtTheEndLeaveNoControlCharacterBehind(String text) {
		// when
		String printable = TerminalText.line(text);

		// then
		assertThat(printable).doesNotContainPattern("[\\x00-\\x1F\\x7F-\\x9F]");
	}

	@Test
	void anUnterminatedTitleHidesNothingThatFollowsIt() {
		// given
		String message = "before\u001B]0;after";

		// when
		String printable = TerminalText.line(message);

		// then
		assertThat(printable).isEqualTo("before0;after");
	}

	@Test
	@Timeout(5)
	void readsAHugeTextFullOfUnterminatedOpeningsInLinearTime() {
		// given: five megabytes of openings that never end
		String message = "\u001B]x".repeat(2_000_000);

		// when
		String printable = TerminalText.line(message);

		// then
		assertThat(printable).isEqualTo("x".repeat(2_000_000));
	}

	@Test
	void showsNullAsAStringConcatenationWould() {
		// when / then
		assertThat(TerminalText.line(null)).isEqualTo("null");
	}

	@Test
	void shortensLongTextWithAnEllipsisWithinTheLimit() {
		// given
		String message = "x".repeat(5_000);

		// when
		String shown = TerminalText.line(message, 2_000);

		// then
		assertThat(shown).hasSize(2_000).endsWith("x…");
	}

	@Test
	void neverSplitsASurrogatePairWhenShortening() {
		// given: the cut would fall between the two halves of the kite
		String message = "ab🪁cd";

		// when
		String shown = TerminalText.shortened(message, 4);

		// then
		assertThat(shown).isEqualTo("ab…");
	}

	@Test
	void leavesTextWithinTheLimitAsItIs() {
		// when / then
		assertThat(TerminalText.shortened("short", 5)).isEqualTo("short");
	}

}
