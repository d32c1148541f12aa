package io.imagebatch.run;

import java.util.Set;

import io.imagebatch.input.ReadResult;
import io.imagebatch.input.RowValidator;
import io.imagebatch.input.ValidatedRow;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Turns a read row into the item the load step writes: PENDING with its request, or
 * INVALID with its line and reason (also when its {@code gateway} column names no
 * configured gateway). Invalid rows are kept, never filtered out.
 */
class RowToItem implements ItemProcessor<ReadResult, NewItem> {

	private final Run run;

	private final RowValidator validator;

	private final Set<String> gateways;

	RowToItem(Run run, RowValidator validator, Set<String> gateways) {
		this.run = run;
		this.validator = validator;
		this.gateways = gateways;
	}

	@Override
	public NewItem process(ReadResult result) {
		return switch (this.validator.validate(result, this.run.defaults())) {
			case ValidatedRow.Valid valid when unknownGateway(valid, this.gateways) != null ->
				new NewItem(this.run.id(), valid.externalId(), valid.line(), null, valid.request().prompt(),
						valid.request().model(), unknownGateway(valid, this.gateways), valid.metadata());
			case ValidatedRow.Valid valid -> new NewItem(this.run.id(), valid.externalId(), valid.line(),
					valid.request(), valid.request().prompt(), valid.request().model(), null, valid.metadata());
			case ValidatedRow.Invalid invalid -> new NewItem(this.run.id(), invalid.externalId(), invalid.line(), null,
					invalid.prompt(), invalid.model(), invalid.reason(), invalid.columns());
		};
	}

	/**
	 * Why a row the catalog accepts cannot be sent after all: its {@code gateway} column
	 * names no configured gateway.
	 * @return the reason, or {@code null} when the row can be sent
	 */
	static @Nullable String unknownGateway(ValidatedRow.Valid row, Set<String> gateways) {
		String named = row.metadata().get(RunContext.GATEWAY_COLUMN);
		// the validator has held the gateway column to a short name without control
		// characters, so it can be quoted
		return (named != null && !gateways.contains(named))
				? "unknown gateway '" + named + "'; configured gateways: " + String.join(", ", gateways) : null;
	}

}
