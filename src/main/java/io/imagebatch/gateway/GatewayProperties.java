package io.imagebatch.gateway;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateways. The default gateway is {@code default-gateway}, or else the first one
 * configured; with none configured the {@link FallbackGateway} serves (the built-in
 * simulator, in-process). Environment variables and command-line arguments have no order,
 * so set {@code default-gateway} when configuring several gateways that way.
 *
 * @param gateways the gateways by name
 * @param defaultGateway the gateway runs use unless told otherwise
 */
@ConfigurationProperties("imagebatch")
public record GatewayProperties(@DefaultValue Map<String, GatewaySettings> gateways, @Nullable String defaultGateway) {

}
