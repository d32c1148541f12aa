package io.imagebatch.cli;

import io.imagebatch.input.InputException;
import io.imagebatch.run.RunChangeRefused;
import io.imagebatch.run.RunChangedConcurrently;
import io.imagebatch.run.RunNotFound;
import io.imagebatch.schedule.ScheduleNotFound;
import io.imagebatch.schedule.ScheduleRefused;
import io.imagebatch.system.TerminalText;

/**
 * Which failures are the user's to fix by changing the command, or to look at again
 * before retrying it (exit code 64).
 */
final class UsageErrors {

	private UsageErrors() {
	}

	static boolean isUsage(Throwable ex) {
		return ex instanceof InputException || ex instanceof IllegalArgumentException
				|| ex instanceof RunChangedConcurrently || ex instanceof ScheduleNotFound;
	}

	/** What to tell the user about a failure that {@link #isUsage is theirs}. */
	static String message(Throwable ex) {
		if (ex instanceof RunChangedConcurrently conflict) {
			// another command (stop, restart) changed the run first: this one did
			// nothing,
			// and the user decides again on what the run is now
			return "run " + conflict.runId() + " was changed by another command at the same moment (a stop or a "
					+ "restart); this command did nothing. 'status " + conflict.runId()
					+ "' shows where the run is now.";
		}
		if (ex instanceof ScheduleRefused refused) {
			return refusedOption(refused);
		}
		// messages quote input rows and gateway answers: printable, line breaks kept
		return TerminalText.lines(ex.getMessage()) + nextStep(ex);
	}

	/**
	 * A schedule refused, told by the option to change: the message starts with the API's
	 * field ({@code daily_cap_usd must be...}, {@code run_name: size...}) or with what is
	 * wrong.
	 */
	private static String refusedOption(ScheduleRefused refused) {
		String option = ScheduleAddCommand.optionFor(refused.field());
		String message = TerminalText.lines(refused.getMessage());
		String field = refused.field();
		if (message.startsWith(field + " ") || message.startsWith(field + ": ")) {
			return option + message.substring(field.length());
		}
		return option + ": " + message;
	}

	/** The run feature says where a run is; the command line says what to type next. */
	private static String nextStep(Throwable ex) {
		if (ex instanceof RunNotFound || (ex instanceof ServerRefusal refusal && refusal.notFound()
				&& String.valueOf(ex.getMessage()).startsWith("no run "))) {
			return "; 'runs' lists them";
		}
		if (ex instanceof ScheduleNotFound) {
			return "; 'schedule list' lists them";
		}
		if (ex instanceof RunChangeRefused refused) {
			String id = refused.runId();
			return switch (refused.change()) {
				case STOP -> refused.processGone()
						? "; a live worker adopts it, or 'imagebatch restart " + id + "' continues it here" : "";
				case RESTART -> switch (refused.status()) {
					case RUNNING -> "; 'stop " + id + "' first";
					case COMPLETED -> "; 'resubmit " + id + "' retries its failed items";
					default -> "; only a FAILED or STOPPED run, or one whose process died, can be restarted";
				};
			};
		}
		return "";
	}

}
