package io.imagebatch.schedule;

/**
 * No schedule has the name asked for.
 */
public class ScheduleNotFound extends RuntimeException {

	private final String name;

	public ScheduleNotFound(String name) {
		super("no schedule named '" + ScheduleRefused.shown(name) + "'");
		this.name = name;
	}

	/** The name asked for. */
	public String name() {
		return this.name;
	}

}
