package io.imagebatch.gateway;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

class KeyRedactionTests {

	private static final ApiKey KEY = new ApiKey("sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z");

	private static final ApiKey OTHER_GATEWAYS_KEY = new ApiKey("hub-7f3a9c2e1b4d8a6f0e5c");

	private final KeyRedaction redaction = new KeyRedaction(List.of(KEY, OTHER_GATEWAYS_KEY));

	@Test
	void masksAKeyTheGatewayEchoesWholeOrAfterBearer() {
		// given
		String message = "Incorrect API key provided: " + KEY.value() + ". Header was 'Bearer " + KEY.value() + "'";

		// when
		String redacted = this.redaction.redact(message);

		// then
		assertThat(redacted).doesNotContain(KEY.value())
			.isEqualTo("Incorrect API key provided: " + KEY.masked() + ". Header was 'Bearer " + KEY.masked() + "'");
	}

	@Test
	void masksTheKeyOfEveryConfiguredGateway() {
		// given
		String message = "key " + OTHER_GATEWAYS_KEY.value() + " is not valid here";

		// when
		String redacted = this.redaction.redact(message);

		// then
		assertThat(redacted).isEqualTo("key " + OTHER_GATEWAYS_KEY.masked() + " is not valid here");
	}

	@Test
	void masksAnEchoCutShortAtEitherEnd() {
		// given
		String head = KEY.value().substring(0, 20);
		String tail = KEY.value().substring(KEY.value().length() - 16);
		String message = "key starting " + head + " rejected; key ending " + tail + " rejected";

		// when
		String redacted = this.redaction.redact(message);

		// then
		assertThat(redacted).doesNotContain(head)
			.doesNotContain(tail)
			.isEqualTo("key starting " + KEY.masked() + " rejected; key ending " + KEY.masked() + " rejected");
	}

	@Test
	void masksAnEchoInAnotherCase() {
		// given: a key that ended up in a host name, lower-cased
		String message = "Image host '" + KEY.value().toLowerCase() + ".example.com' is not allowed";

		// when
		String redacted = this.redaction.redact(message);

		// then
		assertThat(redacted.toLowerCase()).doesNotContain(KEY.value().toLowerCase().substring(8, 20));
		assertThat(redacted).isEqualTo("Image host '" + KEY.masked() + "' is not allowed");
	}

	@Test
	void leavesOrdinaryTextAndShortPiecesOfAKeyAlone() {
		// given: the prefix every key shares, and eleven characters of this one
		String message = "Keys look like sk-proj-…; yours ends in " + KEY.value().substring(KEY.value().length() - 11)
				+ ", see https://platform.example.com/account/api-keys";

		// when
		String redacted = this.redaction.redact(message);

		// then
		assertThat(redacted).isSameAs(message);
	}

	@Test
	void takesKeysOutOfTheCodeAndTheMessageOfAFailure() {
		// given
		GatewayException failure = new GatewayException(ErrorKind.FATAL, 401, "invalid_key_" + KEY.value(),
				"Bearer " + KEY.value() + " is not a key we know");

		// when
		GatewayException redacted = this.redaction.redact(failure);

		// then
		assertThat(redacted.getMessage()).isEqualTo("Bearer " + KEY.masked() + " is not a key we know");
		assertThat(redacted.code()).isEqualTo("invalid_key_" + KEY.masked());
		assertThat(redacted.kind()).isEqualTo(ErrorKind.FATAL);
		assertThat(redacted.status()).isEqualTo(401);
	}

	@Test
	void dropsACauseThatStillHoldsTheKey() {
		// given
		GatewayException failure = new GatewayException(ErrorKind.TRANSIENT, 200, "invalid_response", "not JSON", null,
				new IOException("Unexpected character in '{\"key\":\"" + KEY.value() + "\"'"));

		// when
		GatewayException redacted = this.redaction.redact(failure);

		// then
		assertThat(redacted.getCause()).isNull();
		assertThat(redacted.getMessage()).isEqualTo("not JSON");
	}

	@Test
	void keepsAPaidFailurePaid() {
		// given: a call the gateway charged for, whose answer echoed the key
		GatewayException failure = new GatewayException(ErrorKind.TRANSIENT, 200, "invalid_response",
				"not JSON: " + KEY.value())
			.asPaid();

		// when
		GatewayException redacted = this.redaction.redact(failure);

		// then
		assertThat(redacted.getMessage()).isEqualTo("not JSON: " + KEY.masked());
		assertThat(redacted.paid()).isTrue();
	}

	@Test
	void returnsAFailureThatHoldsNoKeyAsItIs() {
		// given
		GatewayException failure = new GatewayException(ErrorKind.TRANSIENT, 503, null, "Service Unavailable", null,
				new IOException("reset"));

		// when / then
		assertThat(this.redaction.redact(failure)).isSameAs(failure);
	}

	@Test
	@Timeout(5)
	void readsAMessageOfMegabytesInTheTimeItTakesToReadIt() {
		// given: five megabytes of one word, with an echo at its very end
		String message = "a".repeat(5_000_000) + KEY.value().substring(0, 16);

		// when
		String redacted = this.redaction.redact(message);

		// then
		assertThat(redacted).isEqualTo(KEY.masked());
	}

}
