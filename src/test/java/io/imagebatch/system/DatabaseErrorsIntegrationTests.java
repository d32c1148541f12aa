package io.imagebatch.system;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.imagebatch.ImagebatchApplication;
import io.imagebatch.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's driver quotes a failed statement's parameters in its exception messages
 * unless told not to; prompts must never reach a log that way, whichever database the
 * product runs on.
 */
class DatabaseErrorsIntegrationTests {

	private static final String PROMPT = "a secret prompt about a red kite";

	@TempDir
	Path data;

	@Test
	void aFailedBatchOnTheEmbeddedDatabaseQuotesNoParameter() throws Exception {
		// given
		try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(this.data.resolve("postgres"));
				HikariDataSource dataSource = new EmbeddedPostgresConfiguration().dataSource(server)) {

			// when
			SQLException failure = failedBatch(dataSource);

			// then
			assertThat(messagesOf(failure)).isNotEmpty().noneMatch((message) -> message.contains(PROMPT));
		}
	}

	@Test
	void aFailedBatchOnAConfiguredDatabaseQuotesNoParameter() {
		// given
		List<String> args = new ArrayList<>();
		TestInfrastructure.get()
			.properties("database-errors")
			.forEach((name, value) -> args.add("--" + name + "=" + value));
		SpringApplication application = new SpringApplication(ImagebatchApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run(args.toArray(String[]::new))) {

			// when
			SQLException failure = failedBatch(context.getBean(DataSource.class));

			// then
			assertThat(messagesOf(failure)).isNotEmpty().noneMatch((message) -> message.contains(PROMPT));
		}
	}

	private static SQLException failedBatch(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TEMPORARY TABLE short_prompt (prompt VARCHAR(10))");
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO short_prompt VALUES (?)")) {
				insert.setString(1, PROMPT);
				insert.addBatch();
				insert.executeBatch();
			}
		}
		catch (SQLException ex) {
			return ex;
		}
		throw new AssertionError("the insert was expected to fail");
	}

	/** Every message of the failure, its causes and the driver's chained exceptions. */
	private static List<String> messagesOf(SQLException failure) {
		List<String> messages = new ArrayList<>();
		for (SQLException next = failure; next != null; next = next.getNextException()) {
			for (Throwable cause = next; cause != null; cause = cause.getCause()) {
				messages.add(String.valueOf(cause));
			}
		}
		return messages;
	}

}
