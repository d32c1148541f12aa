package io.imagebatch.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

import io.imagebatch.catalog.CatalogProperties;
import io.imagebatch.simulator.GatewaySimulator;
import io.imagebatch.simulator.SimulatorProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * {@code simulator}: the built-in gateway simulator on its own, for demos and load tests.
 * It needs no database or S3, so it boots only its own configuration.
 */
@Command(name = "simulator", description = "Run the built-in OpenAI-compatible gateway simulator until stopped.")
class SimulatorCommand implements Cli.ApplicationCommand {

	@Option(names = "--port", defaultValue = "8089", description = "port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
	int port;

	@Override
	public Class<?> application() {
		return Server.class;
	}

	@Override
	public int run(ConfigurableApplicationContext context, PrintWriter out, PrintWriter err)
			throws InterruptedException {
		CatalogProperties catalog = context.getBean(CatalogProperties.class);
		SimulatorProperties properties = context.getBean(SimulatorProperties.class);
		try (GatewaySimulator simulator = new GatewaySimulator(properties, catalog.catalog(), Clock.systemUTC())) {
			URI base = simulator.start(this.port);
			out.printf("Simulator listening on %s/v1 (images: POST %s/v1/images/generations, batches: POST %s/v1/files"
					+ " and %s/v1/batches); Ctrl-C stops it%n", base, base, base, base);
			out.flush();
			new CountDownLatch(1).await();
		}
		return Cli.OK;
	}

	/** Only what the simulator needs: its properties and the model catalog. */
	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SimulatorProperties.class, CatalogProperties.class })
	static class Server {

	}

}
