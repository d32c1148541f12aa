package io.imagebatch.deployment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.imagebatch.testsupport.Polling;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile: what it must say is checked everywhere; where a Docker engine exists
 * the image is built and {@code serve} run in it until its health check says ready.
 */
class DockerImageTests {

	private static final String IMAGE = "imagebatch:deployment-test";

	@Test
	void theDockerfileBuildsWithTheWrapperAndRunsTheLayersOnAJreAsANonRootUser() throws IOException {
		String dockerfile = Files.readString(Paths.get("Dockerfile"));
		assertThat(dockerfile).contains("FROM eclipse-temurin:21-jdk AS build", "./mvnw -B -DskipTests package",
				"java -Djarmode=tools -jar target/imagebatch.jar extract --layers --launcher",
				"FROM eclipse-temurin:21-jre", "-XX:MaxRAMPercentage=75",
				"http://localhost:8080/actuator/health/readiness",
				"ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]", "CMD [\"serve\"]");
		// dependency layers first, the application last, so that a code change rebuilds
		// one layer
		assertThat(dockerfile).containsSubsequence("extracted/dependencies/", "extracted/spring-boot-loader/",
				"extracted/snapshot-dependencies/", "extracted/application/");
		assertThat(dockerfile).containsPattern("(?m)^USER 10001");
		assertThat(dockerfile).containsPattern("(?m)^HEALTHCHECK ");
		assertThat(Files.readAllLines(Paths.get(".dockerignore"))).contains("*", "!src", "!db", "!pom.xml");
	}

	@Test
	void theImageRunsServeUntilReady() throws Exception {
		Assumptions.assumeTrue(dockerEngine(), "no Docker engine on this machine: the image is not built here");
		// given
		run(Duration.ofMinutes(20), "docker", "build", "-t", IMAGE, ".");
		assertThat(run(Duration.ofMinutes(1), "docker", "run", "--rm", "--entrypoint", "id", IMAGE, "-u").trim())
			.isEqualTo("10001");
		// when: serve on its embedded demo parts, a port chosen by Docker
		String container = run(Duration.ofMinutes(1), "docker", "run", "-d", "-p", "127.0.0.1::8080", IMAGE, "serve",
				"--demo")
			.trim();
		try {
			// then: Docker's health check (the readiness group) says healthy, and so does
			// the port
			Polling.until(Duration.ofMinutes(3),
					() -> "healthy".equals(run(Duration.ofSeconds(30), "docker", "inspect", "--format",
							"{{.State.Health.Status}}", container)
						.trim()),
					() -> "the container to become healthy; logs:\n"
							+ run(Duration.ofSeconds(30), "docker", "logs", container));
			String port = run(Duration.ofSeconds(30), "docker", "port", container, "8080/tcp").trim();
			String address = port.lines().findFirst().orElseThrow();
			HttpResponse<String> readiness = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://" + address + "/actuator/health/readiness")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(readiness.statusCode()).isEqualTo(200);
			assertThat(readiness.body()).contains("\"UP\"");
		}
		finally {
			run(Duration.ofMinutes(2), "docker", "rm", "-f", container);
		}
	}

	private static boolean dockerEngine() {
		try {
			Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return info.waitFor(30, TimeUnit.SECONDS) && info.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String run(Duration timeout, String... command) {
		try {
			Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException(
						String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
