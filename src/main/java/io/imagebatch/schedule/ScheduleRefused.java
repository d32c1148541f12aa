package io.imagebatch.schedule;

/**
 * A schedule that cannot be created or changed as asked, naming the field at fault (in
 * the API's snake case: {@code cron}, {@code zone}, {@code source},
 * {@code daily_cap_usd}…), so the CLI and the API can each point at what to correct.
 */
public class ScheduleRefused extends IllegalArgumentException {

	/** Longest stretch of a user's value repeated in a message. */
	private static final int SHOWN = 100;

	private final String field;

	public ScheduleRefused(String field, String message) {
		super(message);
		this.field = field;
	}

	/** The field at fault. */
	public String field() {
		return this.field;
	}

	/**
	 * A user's value as a message may repeat it: bounded, without control characters.
	 */
	static String shown(String value) {
		String printable = value.codePoints()
			.map((c) -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return (printable.length() > SHOWN) ? printable.substring(0, SHOWN) + "…" : printable;
	}

}
