package io.imagebatch.system;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every feature.
 *
 * @param dataDir where embedded PostgreSQL and the embedded S3 server keep their data
 */
@ConfigurationProperties("imagebatch")
public record SystemProperties(@DefaultValue("./data") Path dataDir) {

}
