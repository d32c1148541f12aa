package io.imagebatch.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;

/**
 * The API's OpenAPI document ({@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui.html}): every endpoint needs HTTP Basic or a bearer token; errors
 * are RFC 9457 problems whose {@code type} starts with {@value ProblemType#BASE}.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "imagebatch", version = "0.1.0",
		description = "Prompt rows in, stored and accounted images out. Errors are RFC 9457 problem details whose "
				+ "'type' starts with " + ProblemType.BASE
				+ " (usage, unusable-input, too-large, not-found, conflict, no-run, unauthenticated, forbidden, "
				+ "unavailable, internal); a 400 names the field."),
		security = { @SecurityRequirement(name = "basic"), @SecurityRequirement(name = "bearer") })
@SecurityScheme(name = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class OpenApiConfiguration {

}
