package io.imagebatch.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServerOptionsTests {

	@Test
	void noServerMeansTheCommandRunsHere() {
		assertThat(options(null, null).login(Map.of(ServerOptions.PASSWORD, "secret"))).isNull();
	}

	@Test
	void takesTheServerFromTheEnvironmentAndThePasswordOnlyFromIt() {
		// when
		ServerOptions.ServerLogin login = options(null, "ops")
			.login(Map.of(ServerOptions.SERVER, "http://localhost:8080", ServerOptions.PASSWORD, "pa:ss"));

		// then
		assertThat(login).isNotNull();
		assertThat(login.base()).hasToString("http://localhost:8080/");
		assertThat(login.server()).isEqualTo("http://localhost:8080");
		assertThat(login.authorization())
			.isEqualTo("Basic " + Base64.getEncoder().encodeToString("ops:pa:ss".getBytes(StandardCharsets.UTF_8)));
		assertThat(login.toString()).doesNotContain(login.authorization()).doesNotContain("pa:ss");
	}

	@Test
	void theCommandLineWinsOverTheEnvironment() {
		// when
		ServerOptions.ServerLogin login = options("https://imagebatch.example/", null).login(Map
			.of(ServerOptions.SERVER, "http://elsewhere:1", ServerOptions.USER, "viewer", ServerOptions.PASSWORD, "x"));

		// then
		assertThat(login).isNotNull();
		assertThat(login.base()).hasToString("https://imagebatch.example/");
		assertThat(login.authorization()).startsWith("Basic ");
	}

	@Test
	void aTokenIsSentAsABearerWhenNoUserIsGiven() {
		// when
		ServerOptions.ServerLogin login = options("http://localhost:8080", null)
			.login(Map.of(ServerOptions.TOKEN, "eyJ.token"));

		// then
		assertThat(login).isNotNull();
		assertThat(login.authorization()).isEqualTo("Bearer eyJ.token");
	}

	@Test
	void refusesAUserWithoutAPasswordAndAServerThatIsNotAnHttpUrl() {
		assertThatIllegalArgumentException().isThrownBy(() -> options("http://localhost:8080", "ops").login(Map.of()))
			.withMessageContaining("IMAGEBATCH_PASSWORD");
		assertThatIllegalArgumentException().isThrownBy(() -> options("ftp://host", null).login(Map.of()))
			.withMessageContaining("not an http(s) URL");
		assertThatIllegalArgumentException().isThrownBy(() -> options("localhost:8080", null).login(Map.of()))
			.withMessageContaining("http(s)://host:port");
	}

	private static ServerOptions options(String server, String user) {
		ServerOptions options = new ServerOptions();
		options.server = server;
		options.user = user;
		return options;
	}

}
