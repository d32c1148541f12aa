package io.imagebatch;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * imagebatch: prompt rows in, stored and accounted images out. {@link #main} hands the
 * command line to {@link io.imagebatch.cli.Cli}.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class ImagebatchApplication {

	public static void main(String[] args) {
		System.exit(io.imagebatch.cli.Cli.run(args));
	}

}
