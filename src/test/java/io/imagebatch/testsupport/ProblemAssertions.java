package io.imagebatch.testsupport;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import io.imagebatch.web.ProblemType;
import org.assertj.core.api.MapAssert;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions on the RFC 9457 problems the API answers with.
 */
public final class ProblemAssertions {

	private ProblemAssertions() {
	}

	/**
	 * Asserts that the response is a problem of this status and type (the slug after
	 * {@link ProblemType#BASE}) with a detail.
	 * @return an assertion on its members, each a string (nested ones as JSON)
	 */
	public static MapAssert<String, Object> assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		JsonNode problem = ApiClient.json(response);
		assertThat(problem.get("type").asString()).isEqualTo(ProblemType.BASE + type);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("detail").asString()).isNotBlank();
		Map<String, Object> fields = new LinkedHashMap<>();
		problem.propertyStream()
			.forEach((entry) -> fields.put(entry.getKey(),
					entry.getValue().isValueNode() ? entry.getValue().asString() : entry.getValue().toString()));
		return assertThat(fields);
	}

}
