package io.imagebatch.gateway;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayErrorsTests {

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(nullValues = "null",
			value = { "400, invalid_request_error, REJECTED", "404, null, REJECTED", "413, null, REJECTED",
					"422, content_policy_violation, REJECTED", "401, invalid_api_key, FATAL", "402, null, FATAL",
					"403, null, FATAL", "429, rate_limit_exceeded, RATE_LIMITED", "429, null, RATE_LIMITED",
					"429, insufficient_quota, FATAL", "408, null, TRANSIENT", "500, server_error, TRANSIENT",
					"502, null, TRANSIENT", "503, null, TRANSIENT" })
	void classifiesAnAnswerByItsStatusAndCode(int status, String code, ErrorKind expected) {
		// when
		ErrorKind kind = GatewayErrors.classify(status, code);

		// then
		assertThat(kind).isEqualTo(expected);
	}

}
