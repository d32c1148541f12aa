package io.imagebatch.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a request without a login ({@code 401}, with the schemes that are accepted),
 * without the role it needs ({@code 403}), or whose login could not be checked because a
 * service it needs, such as the OpenID Connect issuer, did not answer ({@code 503}) as a
 * problem, like every other API error.
 */
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final Logger logger = LoggerFactory.getLogger(SecurityProblems.class);

	private final JsonMapper json;

	private final boolean bearer;

	SecurityProblems(JsonMapper json, boolean bearer) {
		this.json = json;
		this.bearer = bearer;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof AuthenticationServiceException) {
			// the login could not be checked: no fault of the caller's, and worth a look
			logger.warn("a login could not be checked: {}", describe(authException));
			write(response, ProblemType.UNAVAILABLE
				.problem("the login could not be checked: a service it needs did not answer; try again later"));
			return;
		}
		response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"imagebatch\"");
		if (this.bearer) {
			response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		write(response, ProblemType.UNAUTHENTICATED.problem(
				"this needs a login: HTTP Basic with a configured user" + (this.bearer ? ", or a bearer token" : "")));
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		write(response, ProblemType.FORBIDDEN.problem(
				"your roles do not allow this: reading needs VIEWER; submitting, stopping, restarting and resubmitting runs, "
						+ "and changing or firing schedules, need OPERATOR"));
	}

	/** A changing request another site made a browser send. */
	void refuseCrossSite(HttpServletResponse response) throws IOException {
		write(response, ProblemType.FORBIDDEN.problem(
				"a request from another site cannot change anything here; send it from imagebatch's own pages or a program"));
	}

	/** The causes' messages, which say what was out of reach; never the token. */
	private static String describe(Throwable failure) {
		StringBuilder causes = new StringBuilder(String.valueOf(failure.getMessage()));
		for (Throwable cause = failure.getCause(); cause != null
				&& cause != cause.getCause(); cause = cause.getCause()) {
			causes.append(": ").append(cause.getMessage());
		}
		return causes.toString();
	}

	private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
