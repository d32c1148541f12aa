package io.imagebatch.system;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped {@code logback-spring.xml}, loaded on its own into a fresh logger context
 * whose console is captured.
 */
class LogConfigurationTests {

	private static final String HOSTILE = "quota\u001B[2J\u001B[1A\r\n12:00:00.000 INFO  run - all items SUCCEEDED\u009B0m";

	private final ByteArrayOutputStream console = new ByteArrayOutputStream();

	private final PrintStream realErr = System.err;

	private final LoggerContext context = new LoggerContext();

	@BeforeEach
	void captureTheConsoleAndLoadTheConfiguration() throws Exception {
		System.setErr(new PrintStream(this.console, true, StandardCharsets.UTF_8));
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.context.start();
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(this.context);
		URL configuration = getClass().getResource("/logback-spring.xml");
		configurator.doConfigure(configuration);
	}

	@AfterEach
	void restoreTheConsole() {
		this.context.stop();
		System.setErr(this.realErr);
	}

	@Test
	void logsAMessageQuotingAGatewayOnOneLineWithoutEscapeSequences() {
		// given
		Logger logger = this.context.getLogger("io.imagebatch.run.Anything");

		// when
		logger.warn("Gateway said: {}", HOSTILE);

		// then
		assertThat(logged()).doesNotContainPattern("[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F]")
			.hasLineCount(1)
			.contains("Gateway said: quota 12:00:00.000 INFO  run - all items SUCCEEDED");
	}

	@Test
	void logsAStackTraceWithItsLinesButWithoutTheEscapeSequencesOfItsMessage() {
		// given
		Logger logger = this.context.getLogger("org.springframework.batch.core.step.AbstractStep");

		// when
		logger.error("Encountered an error executing step", new IllegalStateException(HOSTILE));

		// then
		String logged = logged();
		assertThat(logged).doesNotContainPattern("[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F]")
			.contains("java.lang.IllegalStateException: quota")
			.contains("\tat io.imagebatch.system.LogConfigurationTests");
		assertThat(logged.lines().count()).isGreaterThan(2);
	}

	private String logged() {
		return this.console.toString(StandardCharsets.UTF_8);
	}

}
