package io.imagebatch.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import io.imagebatch.run.Workers;
import io.imagebatch.schedule.SchedulePoller;
import io.imagebatch.system.EmbeddedParts;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * {@code serve}: the REST API (and its OpenAPI document) and the dashboard on
 * {@code server.port}, the schedules' firings, and a worker executing runs, until
 * SIGTERM. Then readiness goes down, no new item is claimed, the calls in flight are
 * stored, the runs owned here are handed over, open requests are drained, and the process
 * exits 0.
 */
@Command(name = "serve",
		description = "Serve the REST API and the dashboard, fire schedules, and work on runs like 'worker', until SIGTERM.")
class ServeCommand implements Cli.ApplicationCommand {

	private static final String DEMO_USER = "demo";

	@Option(names = "--demo",
			description = "let a user 'demo' (OPERATOR) in with a password made for this start only and printed; "
					+ "for trying imagebatch on its embedded parts")
	boolean demo;

	private @Nullable String demoPassword;

	@Override
	public void configure(SpringApplication application) {
		application.setWebApplicationType(WebApplicationType.SERVLET);
		if (this.demo) {
			byte[] random = new byte[18];
			new SecureRandom().nextBytes(random);
			String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			this.demoPassword = password;
			// only the hash goes into the configuration, where the actuator could show it
			String hash = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password);
			application.addInitializers((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("serve --demo",
						Map.of("imagebatch.security.users." + DEMO_USER + ".password", hash,
								"imagebatch.security.users." + DEMO_USER + ".roles", "OPERATOR"))));
		}
	}

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		String base = "http://localhost:" + port;
		err.printf("imagebatch serves on %s: dashboard %s/, API %s/api/runs, OpenAPI %s/v3/api-docs, "
				+ "Swagger UI %s/swagger-ui.html%n", base, base, base, base, base);
		String embedded = context.getBean(EmbeddedParts.class).notice();
		if (!embedded.isEmpty()) {
			err.println(embedded);
		}
		if (this.demoPassword != null) {
			// stdout, never the log: it is shown once and lives only in this process
			out.printf("Log in as '%s' with password %s (made for this start only)%n", DEMO_USER, this.demoPassword);
			out.printf("  e.g. curl -u %s:%s -F file=@samples/prompts.csv %s/api/runs%n", DEMO_USER, this.demoPassword,
					base);
			out.flush();
		}
		SchedulePoller schedules = context.getBean(SchedulePoller.class);
		schedules.start();
		try {
			context.getBean(Workers.class).workUntilLeaving("serve", GracefulShutdown.grace(context));
		}
		finally {
			schedules.stop();
		}
		return Cli.OK;
	}

	@Override
	public void stopGracefully(ConfigurableApplicationContext context) {
		// load balancers stop sending requests first; those under way are drained when
		// the context closes
		AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
		// a firing under way commits or rolls back whole: another process fires it then
		context.getBean(SchedulePoller.class).stop();
		context.getBean(Workers.class).leave();
	}

}
