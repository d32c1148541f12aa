package io.imagebatch.cli;

import java.math.BigDecimal;

import io.imagebatch.gateway.CallMode;
import io.imagebatch.input.RowDefaults;
import io.imagebatch.run.RunRequest;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * What a new run is made of besides its input: the options {@code generate},
 * {@code submit}, {@code estimate} and {@code schedule add} share.
 */
class RunOptions {

	@Option(names = "--name", description = "a name for the run")
	@Nullable String name;

	@Option(names = "--gateway", description = "the configured gateway to use (default: the first)")
	@Nullable String gateway;

	@Option(names = "--concurrency",
			description = "calls in flight at most (default: imagebatch.run.concurrency, or the gateway's max-concurrency)")
	@Nullable Integer concurrency;

	@Option(names = "--budget-usd", description = "stop before the call that would take spending past this")
	@Nullable BigDecimal budgetUsd;

	@Option(names = "--mode", paramLabel = "sync|batch", converter = ModeConverter.class,
			description = "sync: one call per item; batch: the provider's Batch API, at half price within 24 hours "
					+ "(default: the gateway's imagebatch.gateways.<name>.mode, sync unless set)")
	@Nullable CallMode mode;

	@Option(names = "--skip-done", negatable = true,
			description = "leave out the rows whose id already succeeded for this source in another run "
					+ "(default: imagebatch.sources.<source>.skip-done for db:<source>, off otherwise)")
	@Nullable Boolean skipDone;

	@Option(names = "--model", description = "model for rows without a 'model' column")
	@Nullable String model;

	@Option(names = "--size", description = "size for rows without one")
	@Nullable String size;

	@Option(names = "--quality", description = "quality for rows without one")
	@Nullable String quality;

	@Option(names = "--style", description = "style for rows without one")
	@Nullable String style;

	@Option(names = "--n", description = "images per row for rows without an 'n'")
	@Nullable Integer n;

	@Option(names = "--background", description = "background for rows without one")
	@Nullable String background;

	@Option(names = "--moderation", description = "moderation for rows without one")
	@Nullable String moderation;

	@Option(names = "--output-format", description = "output format for rows without one")
	@Nullable String outputFormat;

	@Option(names = "--response-format", description = "url or b64_json for rows without one")
	@Nullable String responseFormat;

	/** The run these options ask for, reading {@code source}. */
	RunRequest request(String source) {
		RowDefaults defaults = new RowDefaults(this.model, this.size, this.quality, this.style, this.n, this.background,
				this.moderation, this.outputFormat, this.responseFormat);
		return new RunRequest(source, this.name, this.gateway, defaults, this.budgetUsd, this.concurrency,
				this.skipDone, this.mode);
	}

	/** {@code sync} or {@code batch}, in any case; anything else names the option. */
	static final class ModeConverter implements ITypeConverter<CallMode> {

		@Override
		public CallMode convert(String value) {
			try {
				return CallMode.of(value);
			}
			catch (IllegalArgumentException ex) {
				throw new TypeConversionException("'" + value + "' is not sync or batch");
			}
		}

	}

}
