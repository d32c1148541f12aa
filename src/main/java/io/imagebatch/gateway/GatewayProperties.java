package io.imagebatch.gateway;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateways and the model catalog. The first gateway is the default; with none configured
 * the built-in simulator serves in-process.
 *
 * @param gateways the gateways by name
 * @param models the model catalog by id
 */
@ConfigurationProperties("imagebatch")
public record GatewayProperties(@DefaultValue Map<String, GatewaySettings> gateways,
		@DefaultValue Map<String, ModelSpec> models) {

}
