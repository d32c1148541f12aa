package io.imagebatch.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How gateway keys keep their rate limits.
 *
 * @param shared whether the token buckets of each gateway key live in the application's
 * database, shared by every process calling the gateway with that key, so that together
 * they keep to its limits; {@code false} keeps them in each process's memory, for a
 * process that is alone on its keys
 */
@ConfigurationProperties("imagebatch.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean shared) {

}
