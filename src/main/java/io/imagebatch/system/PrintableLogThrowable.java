package io.imagebatch.system;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * {@code %printableEx} in {@code logback-spring.xml}: a stack trace with its lines kept
 * and no control character, since exception messages quote gateway answers too (the
 * reason a run failed, for one). Being a throwable converter, it also keeps logback from
 * adding its own raw {@code %ex} to the pattern.
 */
public class PrintableLogThrowable extends ThrowableProxyConverter {

	@Override
	protected String throwableProxyToString(IThrowableProxy proxy) {
		return TerminalText.lines(super.throwableProxyToString(proxy));
	}

}
