package io.imagebatch.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes CSV bytes for every {@link CsvSource}, so files and objects behave alike.
 */
final class Utf8Text {

	private static final char BYTE_ORDER_MARK = '\uFEFF';

	private Utf8Text() {
	}

	/**
	 * A strict UTF-8 reader that skips a leading byte-order mark. Strict, because a
	 * prompt silently turned into replacement characters would be paid for and come back
	 * as the wrong image; a clear error is cheaper.
	 */
	static Reader reader(InputStream in) throws IOException {
		var decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder));
		try {
			reader.mark(1);
			if (reader.read() != BYTE_ORDER_MARK) {
				reader.reset();
			}
			return reader;
		}
		catch (IOException ex) {
			reader.close();
			throw ex;
		}
	}

}
