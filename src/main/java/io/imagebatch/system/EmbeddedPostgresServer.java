package io.imagebatch.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from zonky's embedded binaries, with its data kept in a directory so runs
 * survive between commands. When another imagebatch process already serves that directory
 * (say {@code status} while {@code generate} runs, a second worker, or a server orphaned
 * by {@code kill -9}), its server is reused instead of failing on the lock. The server is
 * not tied to the process that started it: whichever process leaves last stops it, so
 * workers on one machine may come and go in any order.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final @Nullable EmbeddedPostgres owned;

	private final int port;

	private final Path dataDirectory;

	private EmbeddedPostgresServer(@Nullable EmbeddedPostgres owned, int port, Path dataDirectory) {
		this.owned = owned;
		this.port = port;
		this.dataDirectory = dataDirectory;
	}

	static EmbeddedPostgresServer start(Path dataDirectory) {
		Optional<Integer> running = runningServerPort(dataDirectory);
		if (running.isPresent()) {
			logger.info("Reusing the embedded PostgreSQL already serving {} on port {}", dataDirectory, running.get());
			return new EmbeddedPostgresServer(null, running.get(), dataDirectory);
		}
		try {
			Files.createDirectories(dataDirectory);
			// its output goes to a file, not to this process, which may leave before it
			ProcessBuilder.Redirect log = ProcessBuilder.Redirect
				.appendTo(dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log").toFile());
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				.setRegisterShutdownHook(false)
				.setOutputRedirector(log)
				.setErrorRedirector(log)
				// the data is the user's: keep it crash-safe rather than fast
				.setServerConfig("fsync", "on")
				.setServerConfig("full_page_writes", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("max_connections", "200")
				.start();
			return new EmbeddedPostgresServer(postgres, postgres.getPort(), dataDirectory);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start embedded PostgreSQL in " + dataDirectory + ": "
					+ ex.getMessage() + ". Configure spring.datasource.url to use a PostgreSQL server instead.", ex);
		}
	}

	private static Optional<Long> runningServerPid(Path dataDirectory) {
		try {
			List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
			return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Reads {@code postmaster.pid}: line 1 is the server's pid, line 4 its port.
	 */
	private static Optional<Integer> runningServerPort(Path dataDirectory) {
		Path pidFile = dataDirectory.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return Optional.empty();
		}
		try {
			List<String> lines = Files.readAllLines(pidFile);
			if (lines.size() < 4) {
				return Optional.empty();
			}
			long pid = Long.parseLong(lines.get(0).trim());
			int port = Integer.parseInt(lines.get(3).trim());
			return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map((handle) -> port);
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + this.port + "/postgres";
	}

	/**
	 * Stops the server unless another process still uses it; the last to leave stops it.
	 * Called after this process's own connections are closed.
	 */
	@Override
	public void close() throws IOException {
		long others = otherClients();
		if (others > 0) {
			logger.info("Leaving the embedded PostgreSQL running for the {} connections of other processes", others);
			return;
		}
		if (this.owned != null) {
			this.owned.close();
			return;
		}
		// started by a process that has left: a smart shutdown (SIGTERM) of its
		// postmaster, which waits for any client that connects meanwhile
		runningServerPid(this.dataDirectory).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
	}

	private long otherClients() {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("""
						SELECT COUNT(*) FROM pg_stat_activity
						WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()""")) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			// the server is gone already, or will not say: nothing to leave running
			return 0;
		}
	}

}
