package io.imagebatch.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import io.imagebatch.gateway.GeneratedImage;
import io.imagebatch.gateway.ImageResult;

import org.springframework.stereotype.Component;

/**
 * Takes one claimed item from call to end state: an item a dead process left is first
 * finished from what its answered call left behind; otherwise the gateway is called and
 * its answer stored.
 */
@Component
class ItemGeneration {

	private final AnsweredCallRecovery recovery;

	private final GatewayCall calls;

	private final AnswerStore answers;

	ItemGeneration(AnsweredCallRecovery recovery, GatewayCall calls, AnswerStore answers) {
		this.recovery = recovery;
		this.calls = calls;
		this.answers = answers;
	}

	/**
	 * Takes one item from call to end state.
	 * @param halted whether the run is stopping: a call waiting to be retried then gives
	 * its item back to the queue
	 */
	ItemOutcome process(Item item, RunContext run, BooleanSupplier halted) {
		if (item.needsCheck()) {
			Optional<ItemOutcome> finished = this.recovery.finish(item, run);
			if (finished.isPresent()) {
				return finished.get();
			}
		}
		return switch (this.calls.call(item, run, halted)) {
			case GatewayCall.Result.Ended ended -> ended.outcome();
			case GatewayCall.Result.Failed failed ->
				this.answers.fail(item, failed.attempts(), List.of(), failed.cause());
			case GatewayCall.Result.Answered answered -> {
				ItemOutcome outcome = store(item, run, answered);
				if (outcome instanceof ItemOutcome.Settled settled) {
					this.calls.ended(item, answered, settled);
				}
				yield outcome;
			}
		};
	}

	private ItemOutcome store(Item item, RunContext run, GatewayCall.Result.Answered answered) {
		try (ImageResult result = answered.result()) {
			SortedMap<Integer, GeneratedImage> images = new TreeMap<>();
			for (int index = 0; index < result.images().size(); index++) {
				images.put(index, result.images().get(index));
			}
			return this.answers.store(item, answered.attempts(), run, answered.gateway(), images,
					result.images().size(), answered.cost(), new ArrayList<>(), OptionalLong.of(answered.answeredAt()));
		}
	}

}
