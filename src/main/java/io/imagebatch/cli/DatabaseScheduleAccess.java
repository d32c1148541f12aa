package io.imagebatch.cli;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import io.imagebatch.schedule.ScheduleSpec;
import io.imagebatch.schedule.Schedules;
import io.imagebatch.web.FiringView;
import io.imagebatch.web.ScheduleView;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Schedules reached in this process through the schedule module, on the database; shown
 * as the API's views, so that a command prints what it prints through a server.
 */
final class DatabaseScheduleAccess implements ScheduleAccess {

	private final Schedules schedules;

	DatabaseScheduleAccess(ConfigurableApplicationContext context) {
		this.schedules = context.getBean(Schedules.class);
	}

	/**
	 * A CSV path made absolute: the serve processes read it at every firing, from working
	 * directories of their own.
	 */
	@Override
	public String storedSource(String source) {
		if (source.startsWith("s3://") || source.startsWith("db:")) {
			return source;
		}
		return Path.of(source).toAbsolutePath().normalize().toString();
	}

	@Override
	public ScheduleView create(ScheduleSpec spec) {
		return find(this.schedules.create(spec).name());
	}

	@Override
	public List<ScheduleView> list() {
		return this.schedules.list().stream().map(ScheduleView::of).toList();
	}

	@Override
	public ScheduleView find(String name) {
		return ScheduleView.of(this.schedules.overview(name));
	}

	@Override
	public List<FiringView> latestFirings(String name, int count) {
		ZoneId zone = this.schedules.find(name).fireTimes().zone();
		return this.schedules.firings(name, 0, count)
			.content()
			.stream()
			.map((firing) -> FiringView.of(firing, zone))
			.toList();
	}

	@Override
	public ScheduleView pause(String name) {
		return find(this.schedules.pause(name).name());
	}

	@Override
	public ScheduleView resume(String name) {
		return find(this.schedules.resume(name).name());
	}

	@Override
	public void delete(String name) {
		this.schedules.delete(name);
	}

	@Override
	public FiringView runNow(String name) {
		ZoneId zone = this.schedules.find(name).fireTimes().zone();
		return FiringView.of(this.schedules.runNow(name, System.getProperty("user.name") + " (command line)"), zone);
	}

}
