package io.imagebatch.run;

import io.imagebatch.input.ReadResult;
import io.imagebatch.input.RowValidator;
import io.imagebatch.input.ValidatedRow;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Turns a read row into the item the load step writes: PENDING with its request, or
 * INVALID with its line and reason. Invalid rows are kept, never filtered out.
 */
class RowToItem implements ItemProcessor<ReadResult, NewItem> {

	private final Run run;

	private final RowValidator validator;

	RowToItem(Run run, RowValidator validator) {
		this.run = run;
		this.validator = validator;
	}

	@Override
	public NewItem process(ReadResult result) {
		return switch (this.validator.validate(result, this.run.defaults())) {
			case ValidatedRow.Valid valid -> new NewItem(this.run.id(), valid.externalId(), valid.line(),
					valid.request(), valid.request().prompt(), null, valid.metadata());
			case ValidatedRow.Invalid invalid -> new NewItem(this.run.id(), invalid.externalId(), invalid.line(), null,
					invalid.columns().get("prompt"), invalid.reason(), invalid.columns());
		};
	}

}
