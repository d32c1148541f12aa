package io.imagebatch.run;

import java.nio.file.Path;
import java.util.Optional;

import io.imagebatch.input.CsvPromptReader;
import io.imagebatch.input.CsvSource;
import io.imagebatch.input.ReadResult;

import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.stereotype.Component;

/**
 * The one place that knows where a run's rows come from, by the form of its source: a CSV
 * file path, or the failed items of a parent run for a resubmission (more kinds plug in
 * here). Each kind can be checked before a run is created and read, restartably, by the
 * load step.
 */
@Component
class RowSources {

	private final RunRepository runs;

	private final ItemRepository items;

	RowSources(RunRepository runs, ItemRepository items) {
		this.runs = runs;
		this.items = items;
	}

	/**
	 * Checks a source can be read, before anything is created or spent.
	 * @throws io.imagebatch.input.InputException when it cannot
	 */
	void check(String source) {
		try (CsvPromptReader reader = new CsvPromptReader(csv(source))) {
			// opening reads the header: a missing file or prompt column fails here
		}
	}

	/** The load step's reader for a run's source. */
	ItemStreamReader<ReadResult> reader(Run run) {
		Optional<Resubmission> resubmission = this.runs.resubmission(run.id());
		if (resubmission.isPresent()) {
			return new ResubmittedRowReader(this.items, resubmission.get());
		}
		return new CsvRowReader(csv(run.source()));
	}

	private CsvSource csv(String source) {
		return CsvSource.of(Path.of(source));
	}

}
