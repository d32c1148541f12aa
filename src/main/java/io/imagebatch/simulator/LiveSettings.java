package io.imagebatch.simulator;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The settings in force, replaced whole so every request sees one consistent set. Only
 * what is read per request can change; the url store and the ledger are sized once.
 */
final class LiveSettings {

	private final AtomicReference<SimulatorProperties> current;

	private final FaultDice dice;

	LiveSettings(SimulatorProperties initial) {
		this.current = new AtomicReference<>(initial);
		this.dice = new FaultDice(initial.seed());
	}

	SimulatorProperties current() {
		return this.current.get();
	}

	FaultDice dice() {
		return this.dice;
	}

	/**
	 * Applies a change for all later requests.
	 * @param change from the current settings to the new ones
	 * @return the new settings
	 * @throws IllegalArgumentException when the change touches a setting fixed at start
	 */
	synchronized SimulatorProperties update(UnaryOperator<SimulatorProperties> change) {
		SimulatorProperties before = this.current.get();
		SimulatorProperties after = change.apply(before);
		requireUnchanged("url-lifetime", before.urlLifetime(), after.urlLifetime());
		requireUnchanged("url-store-capacity", before.urlStoreCapacity(), after.urlStoreCapacity());
		requireUnchanged("ledger-capacity", before.ledgerCapacity(), after.ledgerCapacity());
		this.current.set(after);
		this.dice.reseed(after.seed());
		return after;
	}

	private static void requireUnchanged(String name, Object before, Object after) {
		if (!before.equals(after)) {
			throw new IllegalArgumentException(
					"imagebatch.simulator." + name + " is fixed when the simulator is created and cannot change");
		}
	}

}
