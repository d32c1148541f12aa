package io.imagebatch.cli;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.imagebatch.schedule.ScheduleNotFound;
import io.imagebatch.schedule.ScheduleRefused;
import io.imagebatch.schedule.ScheduleSpec;
import io.imagebatch.web.FiringView;
import io.imagebatch.web.PageView;
import io.imagebatch.web.ProblemType;
import io.imagebatch.web.ScheduleRequest;
import io.imagebatch.web.ScheduleView;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Schedules reached through a running {@code serve}'s {@code /api/schedules}, over a
 * {@link ServerConnection}. What the server refuses comes back as the schedule module's
 * own exceptions (an unknown schedule, a field at fault), so the commands tell the user
 * the same as on the database.
 */
final class HttpScheduleAccess implements ScheduleAccess {

	private static final TypeReference<PageView<ScheduleView>> SCHEDULES = new TypeReference<>() {
	};

	private static final TypeReference<PageView<FiringView>> FIRINGS = new TypeReference<>() {
	};

	/** The type of the problem a firing without a run is answered with. */
	private static final String NO_RUN = ProblemType.BASE + "no-run";

	private final ServerConnection server;

	HttpScheduleAccess(ServerConnection server) {
		this.server = server;
	}

	/** Only a source the server reads itself: a path would be read from its own disk. */
	@Override
	public String storedSource(String source) {
		if (source.startsWith("s3://") || source.startsWith("db:")) {
			return source;
		}
		throw new ScheduleRefused("source",
				"through a server, a schedule's source is s3://bucket/key.csv or db:<source>; a CSV file is "
						+ "scheduled without --server, on a host whose serve processes can read it");
	}

	@Override
	public ScheduleView create(ScheduleSpec spec) {
		return asking(spec.name(),
				() -> this.server.post("api/schedules", ScheduleRequest.of(spec), ScheduleView.class));
	}

	@Override
	public List<ScheduleView> list() {
		List<ScheduleView> all = new ArrayList<>();
		for (int page = 0;; page++) {
			PageView<ScheduleView> schedules = this.server
				.get("api/schedules?size=" + ServerConnection.PAGE_SIZE + "&page=" + page, SCHEDULES);
			all.addAll(schedules.content());
			if (page + 1 >= schedules.totalPages() || schedules.content().isEmpty()) {
				return all;
			}
		}
	}

	@Override
	public ScheduleView find(String name) {
		return asking(name, () -> this.server.get(path(name), ScheduleView.class));
	}

	@Override
	public List<FiringView> latestFirings(String name, int count) {
		return asking(name, () -> this.server.get(path(name) + "/firings?size=" + count, FIRINGS)).content();
	}

	@Override
	public ScheduleView pause(String name) {
		return asking(name, () -> this.server.post(path(name) + "/pause", null, ScheduleView.class));
	}

	@Override
	public ScheduleView resume(String name) {
		return asking(name, () -> this.server.post(path(name) + "/resume", null, ScheduleView.class));
	}

	@Override
	public void delete(String name) {
		asking(name, () -> {
			this.server.delete(path(name));
			return null;
		});
	}

	/** A firing without a run is an answer here ({@code 409 no-run}), not a refusal. */
	@Override
	public FiringView runNow(String name) {
		HttpResponse<String> response = this.server
			.exchange(this.server.request(path(name) + "/run-now").POST(HttpRequest.BodyPublishers.noBody()));
		if (response.statusCode() / 100 == 2) {
			return this.server.json().readValue(response.body(), FiringView.class);
		}
		if (response.statusCode() == 409) {
			JsonNode problem = problem(response.body());
			if (problem != null && problem.path("type").asString("").equals(NO_RUN)) {
				// the problem carries the firing's fields
				return this.server.json().treeToValue(problem, FiringView.class);
			}
		}
		return asking(name, () -> {
			throw this.server.refused(response.statusCode(), response.body());
		});
	}

	private @Nullable JsonNode problem(String body) {
		try {
			return this.server.json().readTree(body);
		}
		catch (JacksonException ex) {
			// not a problem document: a proxy's page, say
			return null;
		}
	}

	private static String path(String name) {
		return "api/schedules/" + ServerConnection.segment(name);
	}

	/** Calls the server, its refusals told as the schedule module tells them. */
	private static <T> T asking(String name, Supplier<T> call) {
		try {
			return call.get();
		}
		catch (ServerRefusal ex) {
			if (ex.notFound()) {
				throw new ScheduleNotFound(name);
			}
			String field = ex.field();
			if (field != null) {
				throw new ScheduleRefused(field, ex.getMessage());
			}
			throw ex;
		}
	}

}
