package io.imagebatch.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from zonky's embedded binaries, with its data kept in a directory so runs
 * survive between commands. When another imagebatch process already serves that directory
 * (say {@code status} while {@code generate} runs, or a server orphaned by
 * {@code kill -9}), its server is reused instead of failing on the lock.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final @Nullable EmbeddedPostgres owned;

	private final int port;

	private EmbeddedPostgresServer(@Nullable EmbeddedPostgres owned, int port) {
		this.owned = owned;
		this.port = port;
	}

	static EmbeddedPostgresServer start(Path dataDirectory) {
		Optional<Integer> running = runningServerPort(dataDirectory);
		if (running.isPresent()) {
			logger.info("Reusing the embedded PostgreSQL already serving {} on port {}", dataDirectory, running.get());
			return new EmbeddedPostgresServer(null, running.get());
		}
		try {
			Files.createDirectories(dataDirectory);
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false)
				// the data is the user's: keep it crash-safe rather than fast
				.setServerConfig("fsync", "on")
				.setServerConfig("full_page_writes", "on")
				.setServerConfig("synchronous_commit", "on")
				.setServerConfig("max_connections", "200")
				.start();
			return new EmbeddedPostgresServer(postgres, postgres.getPort());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start embedded PostgreSQL in " + dataDirectory + ": "
					+ ex.getMessage() + ". Configure spring.datasource.url to use a PostgreSQL server instead.", ex);
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

	@Override
	public void close() throws IOException {
		if (this.owned != null) {
			this.owned.close();
		}
	}

}
