package io.imagebatch.cli;

import java.util.List;

import io.imagebatch.schedule.ScheduleSpec;
import io.imagebatch.web.FiringView;
import io.imagebatch.web.ScheduleView;

/**
 * How a {@code schedule} command reaches schedules: in this process on the database
 * ({@link DatabaseScheduleAccess}) or through a running {@code serve}'s REST API
 * ({@link HttpScheduleAccess}). Both answer with the API's views, so the commands print
 * the same either way. A schedule that does not exist is a
 * {@link io.imagebatch.schedule.ScheduleNotFound}, one that cannot be created as asked a
 * {@link io.imagebatch.schedule.ScheduleRefused} naming the field at fault, either way.
 */
interface ScheduleAccess {

	/**
	 * A source as the schedule keeps it, for the serve processes to read at every firing.
	 * @throws io.imagebatch.schedule.ScheduleRefused naming {@code source} when it cannot
	 * be kept that way
	 */
	String storedSource(String source);

	/** Creates a schedule. */
	ScheduleView create(ScheduleSpec spec);

	/** Every schedule, by name. */
	List<ScheduleView> list();

	/** A schedule by name. */
	ScheduleView find(String name);

	/** A schedule's latest firings, at most {@code count}, the latest first. */
	List<FiringView> latestFirings(String name, int count);

	ScheduleView pause(String name);

	ScheduleView resume(String name);

	void delete(String name);

	/**
	 * Fires a schedule now, as this user.
	 * @return the firing: a run, or why there is none
	 */
	FiringView runNow(String name);

}
