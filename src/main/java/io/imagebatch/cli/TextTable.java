package io.imagebatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import io.imagebatch.system.TerminalText;

/**
 * A plain-text table with aligned columns; numbers right-aligned. Cells often hold text
 * from outside (ids, prompts, a gateway's messages), so each is made printable on one
 * line before it is measured: no escape sequence reaches the terminal, and no line break
 * or tab breaks the columns.
 */
final class TextTable {

	private final List<String> headers;

	private final List<List<String>> rows = new ArrayList<>();

	private final boolean[] rightAligned;

	TextTable(String... headers) {
		this.headers = List.of(headers);
		this.rightAligned = new boolean[headers.length];
	}

	TextTable alignRight(int... columns) {
		for (int column : columns) {
			this.rightAligned[column] = true;
		}
		return this;
	}

	TextTable row(Object... cells) {
		List<String> row = new ArrayList<>();
		for (Object cell : cells) {
			row.add(TerminalText.line(cell));
		}
		this.rows.add(row);
		return this;
	}

	void print(PrintWriter out, String indent) {
		int[] widths = new int[this.headers.size()];
		for (int i = 0; i < widths.length; i++) {
			widths[i] = this.headers.get(i).length();
		}
		for (List<String> row : this.rows) {
			for (int i = 0; i < widths.length; i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		printRow(out, indent, this.headers, widths);
		for (List<String> row : this.rows) {
			printRow(out, indent, row, widths);
		}
	}

	private void printRow(PrintWriter out, String indent, List<String> cells, int[] widths) {
		StringBuilder line = new StringBuilder(indent);
		for (int i = 0; i < widths.length; i++) {
			String cell = cells.get(i);
			String padding = " ".repeat(widths[i] - cell.length());
			line.append(this.rightAligned[i] ? padding + cell : cell + padding);
			if (i < widths.length - 1) {
				line.append("  ");
			}
		}
		out.println(line.toString().stripTrailing());
	}

}
