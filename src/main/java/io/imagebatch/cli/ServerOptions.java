package io.imagebatch.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --server URL} and {@code --user NAME}: run the command through a running
 * {@code serve}'s REST API instead of on the database. Secrets never come from the
 * command line, where {@code ps} would show them: the password is read from
 * {@code IMAGEBATCH_PASSWORD}, a bearer token from {@code IMAGEBATCH_TOKEN}.
 */
class ServerOptions {

	static final String SERVER = "IMAGEBATCH_SERVER";

	static final String USER = "IMAGEBATCH_USER";

	static final String PASSWORD = "IMAGEBATCH_PASSWORD";

	static final String TOKEN = "IMAGEBATCH_TOKEN";

	/** What a refused login is told. */
	static final String HOW_TO_LOG_IN = "log in: --user NAME with IMAGEBATCH_PASSWORD, or IMAGEBATCH_TOKEN";

	@Option(names = "--server", paramLabel = "URL",
			description = "go through a running 'serve' at this URL instead of the database (default: $" + SERVER
					+ "); no Spring, database or S3 is started here")
	@Nullable String server;

	@Option(names = "--user", paramLabel = "NAME",
			description = "with --server: log in as this user, the password read from $" + PASSWORD + " (default: $"
					+ USER + "); or give a bearer token in $" + TOKEN)
	@Nullable String user;

	/**
	 * The server to go through, if the command line or the environment names one.
	 * @throws IllegalArgumentException when the URL is not usable or a password is
	 * missing
	 */
	@Nullable ServerLogin login(Map<String, String> environment) {
		String url = (this.server != null) ? this.server : environment.get(SERVER);
		if (url == null || url.isBlank()) {
			return null;
		}
		URI base;
		try {
			base = URI.create(url.endsWith("/") ? url : url + "/");
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("--server '" + url + "' is not a URL: give http(s)://host:port");
		}
		if (base.getHost() == null || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
			throw new IllegalArgumentException(
					"--server '" + url + "' is not an http(s) URL: give http(s)://host:port");
		}
		String user = (this.user != null) ? this.user : environment.get(USER);
		String token = environment.get(TOKEN);
		if (user != null && !user.isEmpty()) {
			String password = environment.get(PASSWORD);
			if (password == null) {
				throw new IllegalArgumentException("--user " + user + " needs its password in " + PASSWORD
						+ " (never on the command line, where ps shows it)");
			}
			String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
			return new ServerLogin(base, "Basic " + basic);
		}
		if (token != null && !token.isEmpty()) {
			return new ServerLogin(base, "Bearer " + token);
		}
		return new ServerLogin(base, null);
	}

	/**
	 * A server and how to log in to it.
	 *
	 * @param base the server's URL, ending with a slash
	 * @param authorization the {@code Authorization} header, if any; a secret, never
	 * shown
	 */
	record ServerLogin(URI base, @Nullable String authorization) {

		/** The server as a person typed it, for messages. */
		String server() {
			String url = this.base.toString();
			return url.substring(0, url.length() - 1);
		}

		@Override
		public String toString() {
			return "ServerLogin[" + server() + ((this.authorization != null) ? ", with a login]" : "]");
		}

	}

}
