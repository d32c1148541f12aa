package io.imagebatch.system;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %printableMsg} in {@code logback-spring.xml}: the log message on one line,
 * without control characters. Messages quote gateway answers and input rows, and a log is
 * read on a terminal; an escape sequence there would be obeyed, and a line break would
 * let a message forge a log line of its own.
 */
public class PrintableLogMessage extends MessageConverter {

	@Override
	public String convert(ILoggingEvent event) {
		return TerminalText.line(super.convert(event));
	}

}
