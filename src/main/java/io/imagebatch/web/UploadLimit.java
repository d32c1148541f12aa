package io.imagebatch.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an upload that announces more than {@code imagebatch.web.max-upload-size}
 * before a byte of it is read, with a problem saying the limit; the servlet container's
 * multipart limits stop one that does not announce its length.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadLimit extends OncePerRequestFilter {

	/** Room for the form's other fields and the multipart framing. */
	private static final long FRAMING = DataSize.ofKilobytes(64).toBytes();

	private final WebProperties properties;

	private final JsonMapper json;

	UploadLimit(WebProperties properties, JsonMapper json) {
		this.properties = properties;
		this.json = json;
	}

	/** The answer to an upload over the limit, the limit said as people write it. */
	static ProblemDetail problem(DataSize limit) {
		long bytes = limit.toBytes();
		String said = (bytes % (1 << 20) == 0) ? limit.toMegabytes() + "MB"
				: (bytes % 1024 == 0) ? limit.toKilobytes() + "KB" : bytes + "B";
		ProblemDetail problem = ProblemType.TOO_LARGE.problem(
				"the upload is larger than the " + said + " a file may have here (imagebatch.web.max-upload-size)");
		problem.setProperty("limit", said);
		return problem;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String type = request.getContentType();
		return type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		DataSize limit = this.properties.maxUploadSize();
		if (request.getContentLengthLong() > limit.toBytes() + FRAMING) {
			ProblemDetail problem = problem(limit);
			response.setStatus(problem.getStatus());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			// the body is not read: the client may see the answer before it sent it all
			response.setHeader("Connection", "close");
			this.json.writeValue(response.getOutputStream(), problem);
			return;
		}
		chain.doFilter(request, response);
	}

}
