package io.imagebatch.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

import io.imagebatch.cost.AnsweredCall;
import io.imagebatch.cost.CostLedger;
import io.imagebatch.gateway.GeneratedImage;
import io.imagebatch.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Finishes an item a dead process left in flight after its gateway had answered, without
 * paying again: images already in S3 with this item's metadata are taken as they are, the
 * others are downloaded from the URLs the gateway answered with (they live about an
 * hour). It never calls the gateway.
 */
@Component
class AnsweredCallRecovery {

	private static final Logger logger = LoggerFactory.getLogger(AnsweredCallRecovery.class);

	/**
	 * The origin of an image completed from S3 after its process died, without a call.
	 */
	static final String RECOVERED = "recovered";

	private final CostLedger ledger;

	private final AnswerStore answers;

	AnsweredCallRecovery(CostLedger ledger, AnswerStore answers) {
		this.ledger = ledger;
		this.answers = answers;
	}

	/**
	 * Finishes the item's answered call.
	 * @return how the item ended; empty when no call was answered, or an image is neither
	 * in S3 nor at a URL (it came inline and died with the process): then the gateway is
	 * to be called again
	 */
	Optional<ItemOutcome> finish(Item item, RunContext run) {
		Optional<AnsweredCall> answered = this.ledger.lastAnswered(item.id());
		if (answered.isEmpty()) {
			return Optional.empty();
		}
		AnsweredCall call = answered.get();
		List<StoredImage> stored = new ArrayList<>();
		SortedMap<Integer, GeneratedImage> toDownload = new TreeMap<>();
		for (int index = 0; index < call.images(); index++) {
			Optional<StoredObject> object = this.answers.storedBefore(item, index, run);
			if (object.isPresent()) {
				StoredObject found = object.get();
				stored.add(new StoredImage(index, found.bucket(), found.key(), found.contentType(), found.bytes(),
						found.sha256(), RECOVERED, null));
			}
			else if (index < call.imageUrls().size()) {
				toDownload.put(index, new GeneratedImage.Remote(call.imageUrls().get(index), null));
			}
			else {
				logger.debug("Item {} of run {}: image {} of its answered call is lost; calling again",
						item.externalId(), item.runId(), index);
				return Optional.empty();
			}
		}
		return Optional.of(this.answers.store(item, item.attempts(), run, run.gatewayFor(item), toDownload,
				call.images(), call.cost(), stored, OptionalLong.empty()));
	}

}
