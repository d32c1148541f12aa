package io.imagebatch.input;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Stands between a CSV text and its parser so that memory stays bounded whatever a row
 * holds: a record longer than the limit is never held, but passed over and replaced by a
 * one-line stand-in, whose line the reader then reports as the oversized row. Every other
 * character reaches the parser unchanged.
 * <p>
 * To know where records end, the text is scanned the way Commons CSV reads RFC 4180: a
 * field that starts with a quote runs to the quote that closes it, line breaks included;
 * {@code ""} inside it is a quote; after the closing quote only white space may come
 * before the delimiter or the line break, and anything else makes the rest of the line
 * unsplittable (the parser fails there, and the reader resumes on the next line). Records
 * are handed on whole, so at most one record (up to the limit) is held.
 * <p>
 * Dropping an oversized record drops its inner line breaks too: {@link #physicalLine}
 * turns the parser's line numbers back into the text's.
 * <p>
 * The same scan tells why the parser could not split a record it was given
 * ({@link #flawIn}): Commons CSV raises one exception type for every malformed input and
 * says what went wrong only in its message's words, which are not ours to rely on.
 */
final class OversizedRowFilter extends Reader {

	/** What the parser reads in place of an oversized record: one field, one line. */
	static final String STAND_IN = "-";

	private static final int BLOCK = 8192;

	private final Reader in;

	private final int maxRowLength;

	private final char[] block = new char[BLOCK];

	private int blockLength;

	private int blockPosition;

	private boolean endOfInput;

	// complete records (and their line breaks) ready for the parser, then the record
	// being scanned
	private final StringBuilder buffer = new StringBuilder();

	private int readyLength;

	private int readPosition;

	private State state = State.FIELD_START;

	private boolean previousWasCarriageReturn;

	private boolean endedWithLineBreak;

	// the record being scanned: its length, whether it is too long and is being passed
	// over, the line it started on (the text's), and the line breaks inside it
	private long recordLength;

	private boolean passingOver;

	private long recordFirstLine = 1;

	private long recordLineBreaks;

	// lines of the text and lines the parser has been given, up to the scan position
	private long lines = 1;

	private long deliveredLines = 1;

	private final List<OversizedRow> oversizedRows = new ArrayList<>();

	// the line of the quote that opened the quoted field being scanned, and the flaws of
	// the record being scanned and of the first record handed on with one
	private long quoteOpenLine;

	private @Nullable Flaw recordFlaw;

	private @Nullable Flaw firstFlaw;

	/**
	 * @param in the text, positioned at the start of a record
	 * @param maxRowLength the longest record, in characters, line breaks inside quotes
	 * included
	 */
	OversizedRowFilter(Reader in, int maxRowLength) {
		this.in = in;
		this.maxRowLength = maxRowLength;
	}

	/**
	 * A record that was too long.
	 *
	 * @param deliveredLine the line of its stand-in, as the parser counts
	 * @param firstLine the line of the text it started on (1 = the filter's first)
	 * @param lastLine the line of the text it ended on
	 * @param unclosedQuote whether it ran to the end of the text inside a quoted field
	 * @param lineBreaksBefore line breaks dropped with earlier oversized records
	 */
	record OversizedRow(long deliveredLine, long firstLine, long lastLine, boolean unclosedQuote,
			long lineBreaksBefore) {

		long lineBreaksDropped() {
			return this.lastLine - this.firstLine;
		}

	}

	/**
	 * What makes a record handed to the parser unsplittable.
	 *
	 * @param kind what is wrong
	 * @param line the line of the text it is on: the stray character's, or the line of
	 * the quote that is never closed
	 */
	record Flaw(Kind kind, long line) {

		enum Kind {

			/**
			 * Something other than white space between a closing quote and the delimiter.
			 */
			CHARACTER_AFTER_QUOTE,

			/** A quoted field that runs to the end of the text. */
			UNCLOSED_QUOTE

		}

	}

	/**
	 * Why the parser could not split the record it failed in, as this scan sees it. The
	 * parser stops at the first flaw, so only the first is kept; it is the parser's only
	 * when it lies in the record the parser failed in: a stray character on the very line
	 * the parser failed on, or a quote opened after the last record the parser returned
	 * and not after the line it failed on.
	 * @param afterLine the line of the text on which the last record the parser returned
	 * ended ({@code 0} before the first)
	 * @param failedLine the line of the text on which the parser failed
	 * @return the flaw, or {@code null} when the scan saw none there and the parser
	 * failed for a reason of its own
	 */
	@Nullable Flaw flawIn(long afterLine, long failedLine) {
		Flaw flaw = this.firstFlaw;
		if (flaw == null || flaw.line() <= afterLine) {
			return null;
		}
		boolean inFailedRecord = switch (flaw.kind()) {
			case CHARACTER_AFTER_QUOTE -> flaw.line() == failedLine;
			case UNCLOSED_QUOTE -> flaw.line() <= failedLine;
		};
		return inFailedRecord ? flaw : null;
	}

	/**
	 * The oversized record whose stand-in the parser read on a line.
	 * @param deliveredLine a line as the parser counts it
	 * @return the record, or {@code null} when that line holds an ordinary one
	 */
	@Nullable OversizedRow oversizedRowAt(long deliveredLine) {
		OversizedRow row = lastOversizedRowFrom(deliveredLine);
		return (row != null && row.deliveredLine() == deliveredLine) ? row : null;
	}

	/**
	 * The line of the text that the parser counts as {@code deliveredLine}.
	 * @param deliveredLine a line as the parser counts it
	 * @return the line of the text (for a stand-in, the line its record started on)
	 */
	long physicalLine(long deliveredLine) {
		OversizedRow row = lastOversizedRowFrom(deliveredLine);
		if (row == null) {
			return deliveredLine;
		}
		long dropped = row.lineBreaksBefore() + ((row.deliveredLine() < deliveredLine) ? row.lineBreaksDropped() : 0);
		return deliveredLine + dropped;
	}

	// the last oversized row whose stand-in is on or before the line
	private @Nullable OversizedRow lastOversizedRowFrom(long deliveredLine) {
		int low = 0;
		int high = this.oversizedRows.size() - 1;
		OversizedRow found = null;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			OversizedRow row = this.oversizedRows.get(middle);
			if (row.deliveredLine() <= deliveredLine) {
				found = row;
				low = middle + 1;
			}
			else {
				high = middle - 1;
			}
		}
		return found;
	}

	@Override
	public int read(char[] target, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		while (this.readPosition == this.readyLength) {
			if (this.readyLength > 0) {
				this.buffer.delete(0, this.readyLength);
				this.readPosition = 0;
				this.readyLength = 0;
			}
			if (this.endOfInput) {
				return -1;
			}
			scan();
		}
		int count = Math.min(length, this.readyLength - this.readPosition);
		this.buffer.getChars(this.readPosition, this.readPosition + count, target, offset);
		this.readPosition += count;
		return count;
	}

	@Override
	public void close() throws IOException {
		this.in.close();
	}

	/** Scans on until at least one record is complete or the text ends. */
	private void scan() throws IOException {
		int readyBefore = this.readyLength;
		while (this.readyLength == readyBefore) {
			if (this.blockPosition == this.blockLength) {
				this.blockLength = this.in.read(this.block, 0, BLOCK);
				this.blockPosition = 0;
				if (this.blockLength < 0) {
					this.blockLength = 0;
					this.endOfInput = true;
					endRecord(false);
					return;
				}
			}
			while (this.blockPosition < this.blockLength && this.readyLength == readyBefore) {
				accept(this.block[this.blockPosition++]);
			}
		}
	}

	private void accept(char c) {
		boolean lineBreak = c == '\n' || c == '\r';
		// \r\n is one line break, as the parser counts it
		boolean newLine = c == '\r' || (c == '\n' && !this.previousWasCarriageReturn);
		this.previousWasCarriageReturn = c == '\r';
		this.endedWithLineBreak = lineBreak;
		if (lineBreak && this.state != State.QUOTED) {
			if (c == '\n' && !newLine) {
				// the second half of a \r\n that ended the record before
				this.buffer.append(c);
				this.readyLength = this.buffer.length();
				return;
			}
			endRecord(true);
			this.buffer.append(c);
			this.readyLength = this.buffer.length();
			this.lines++;
			this.deliveredLines++;
			this.recordFirstLine = this.lines;
			return;
		}
		if (newLine) {
			this.lines++;
			this.recordLineBreaks++;
		}
		State next = this.state.next(c);
		if (next == State.QUOTED && this.state == State.FIELD_START) {
			this.quoteOpenLine = this.lines;
		}
		else if (next == State.UNSPLITTABLE && this.state != State.UNSPLITTABLE) {
			this.recordFlaw = new Flaw(Flaw.Kind.CHARACTER_AFTER_QUOTE, this.lines);
		}
		this.state = next;
		this.recordLength++;
		if (this.passingOver) {
			return;
		}
		if (this.recordLength > this.maxRowLength) {
			this.buffer.setLength(this.readyLength);
			this.passingOver = true;
			return;
		}
		this.buffer.append(c);
	}

	/**
	 * The record ends: at a line break outside quotes, or at the end of the text. An
	 * ordinary record is ready as it is; an oversized one becomes its stand-in.
	 */
	private void endRecord(boolean atLineBreak) {
		if (this.passingOver) {
			long lineBreaksBefore = this.oversizedRows.isEmpty() ? 0 : this.oversizedRows.getLast().lineBreaksBefore()
					+ this.oversizedRows.getLast().lineBreaksDropped();
			// a text that ends with a line break has no last, empty line, as the parser
			// counts; only the end of the text can follow a line break inside a record
			long lastLine = this.recordFirstLine + this.recordLineBreaks
					- ((!atLineBreak && this.endedWithLineBreak && this.recordLineBreaks > 0) ? 1 : 0);
			this.oversizedRows.add(new OversizedRow(this.deliveredLines, this.recordFirstLine, lastLine,
					!atLineBreak && this.state == State.QUOTED, lineBreaksBefore));
			this.buffer.append(STAND_IN);
		}
		else {
			this.deliveredLines += this.recordLineBreaks;
			if (!atLineBreak && this.state == State.QUOTED) {
				this.recordFlaw = new Flaw(Flaw.Kind.UNCLOSED_QUOTE, this.quoteOpenLine);
			}
			if (this.firstFlaw == null) {
				this.firstFlaw = this.recordFlaw;
			}
		}
		this.recordFlaw = null;
		this.readyLength = this.buffer.length();
		this.state = State.FIELD_START;
		this.recordLength = 0;
		this.recordLineBreaks = 0;
		this.passingOver = false;
	}

	/**
	 * Where the scan is within a record, line breaks aside: they end the record in every
	 * state but {@link #QUOTED}.
	 */
	private enum State {

		/** At the start of a field: a quote here opens a quoted field. */
		FIELD_START,

		/** In a field that did not start with a quote: quotes are plain characters. */
		UNQUOTED,

		/** In a quoted field. */
		QUOTED,

		/**
		 * Just after a quote in a quoted field: it closes the field, or a second one
		 * follows.
		 */
		QUOTE_IN_QUOTED,

		/** After a closing quote: white space may come before the delimiter. */
		AFTER_CLOSING_QUOTE,

		/** After a character the parser refuses: the rest of the line is lost to it. */
		UNSPLITTABLE;

		State next(char c) {
			return switch (this) {
				case FIELD_START -> (c == '"') ? QUOTED : (c == ',') ? FIELD_START : UNQUOTED;
				case UNQUOTED -> (c == ',') ? FIELD_START : UNQUOTED;
				case QUOTED -> (c == '"') ? QUOTE_IN_QUOTED : QUOTED;
				case QUOTE_IN_QUOTED -> (c == '"') ? QUOTED : afterClosingQuote(c);
				case AFTER_CLOSING_QUOTE -> afterClosingQuote(c);
				case UNSPLITTABLE -> UNSPLITTABLE;
			};
		}

		private static State afterClosingQuote(char c) {
			if (c == ',') {
				return FIELD_START;
			}
			return Character.isWhitespace(c) ? AFTER_CLOSING_QUOTE : UNSPLITTABLE;
		}

	}

}
