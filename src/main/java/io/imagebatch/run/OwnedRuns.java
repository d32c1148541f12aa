package io.imagebatch.run;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The runs whose job this process owns now, and which of them it is handing over because
 * its worker is leaving.
 */
@Component
class OwnedRuns {

	private final Set<String> owned = ConcurrentHashMap.newKeySet();

	private final Set<String> handingOver = ConcurrentHashMap.newKeySet();

	/** The job of a run began here. */
	void owning(String runId) {
		this.owned.add(runId);
	}

	/** The job of a run ended here. */
	void released(String runId) {
		this.owned.remove(runId);
		this.handingOver.remove(runId);
	}

	/** This worker is leaving: the jobs it owns end without ending their runs. */
	void handOverAll() {
		this.handingOver.addAll(this.owned);
	}

	boolean isHandingOver(String runId) {
		return this.handingOver.contains(runId);
	}

}
