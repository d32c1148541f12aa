package io.imagebatch.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a changing request that a browser says another site started
 * ({@code Sec-Fetch-Site: cross-site}): a browser that remembers a user's Basic
 * credentials would otherwise send them with a form another site posts to the API.
 * Programs (curl, the CLI) send no such header and are not affected; the dashboard's own
 * forms are {@code same-origin}.
 */
class CrossSiteRequests extends OncePerRequestFilter {

	private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private final SecurityProblems problems;

	CrossSiteRequests(SecurityProblems problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String site = request.getHeader("Sec-Fetch-Site");
		if (!SAFE.contains(request.getMethod()) && "cross-site".equals(site)) {
			this.problems.refuseCrossSite(response);
			return;
		}
		chain.doFilter(request, response);
	}

}
