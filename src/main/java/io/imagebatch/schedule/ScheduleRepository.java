package io.imagebatch.schedule;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.imagebatch.run.RunRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Schedules in PostgreSQL. Deleted schedules are only marked, so that their firings and
 * runs keep their link; every read here leaves them out.
 */
@Repository
class ScheduleRepository {

	private static final String COLUMNS = """
			id, name, cron, zone, request, enabled, overlap, misfire, daily_cap_usd, monthly_cap_usd, next_fire_at,
			created_at, updated_at""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ScheduleRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * @throws ScheduleRefused naming {@code name} when a schedule has it already
	 */
	Schedule insert(ScheduleSpec spec, Instant nextFireAt, Instant now) {
		try {
			long id = this.jdbc.sql("""
					INSERT INTO schedule (name, cron, zone, request, enabled, overlap, misfire, daily_cap_usd,
						monthly_cap_usd, next_fire_at, created_at, updated_at)
					VALUES (:name, :cron, :zone, CAST(:request AS jsonb), :enabled, :overlap, :misfire, :dailyCap,
						:monthlyCap, :next, :now, :now)
					RETURNING id
					""").paramSource(params(null, spec, nextFireAt, now)).query(Long.class).single();
			return new Schedule(id, spec, nextFireAt, now, now);
		}
		catch (DuplicateKeyException ex) {
			throw new ScheduleRefused("name", "a schedule named '" + spec.name() + "' exists already");
		}
	}

	/** Replaces what the user set; the schedule fires next at {@code nextFireAt}. */
	boolean update(long id, ScheduleSpec spec, Instant nextFireAt, Instant now) {
		return this.jdbc.sql("""
				UPDATE schedule SET cron = :cron, zone = :zone, request = CAST(:request AS jsonb), enabled = :enabled,
					overlap = :overlap, misfire = :misfire, daily_cap_usd = :dailyCap, monthly_cap_usd = :monthlyCap,
					next_fire_at = :next, updated_at = :now, version = version + 1
				WHERE id = :id AND deleted_at IS NULL
				""").paramSource(params(id, spec, nextFireAt, now)).update() == 1;
	}

	private Params params(@Nullable Long id, ScheduleSpec spec, Instant nextFireAt, Instant now) {
		// the id goes in the record: a parameter source replaces, not joins, single
		// params
		return new Params(id, spec.name(), spec.cron().trim(), spec.zone().trim(),
				this.json.writeValueAsString(spec.run()), spec.enabled(), spec.overlap().name(), spec.misfire().name(),
				spec.dailyCapUsd(), spec.monthlyCapUsd(), Timestamp.from(nextFireAt), Timestamp.from(now));
	}

	/** What the named parameters of an insert or update are bound from. */
	record Params(@Nullable Long id, String name, String cron, String zone, String request, boolean enabled,
			String overlap, String misfire, @Nullable BigDecimal dailyCap, @Nullable BigDecimal monthlyCap,
			Timestamp next, Timestamp now) {

	}

	Optional<Schedule> find(String name) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM schedule WHERE name = :name AND deleted_at IS NULL")
			.param("name", name)
			.query(this::schedule)
			.optional();
	}

	/** The schedule, its row locked until the transaction ends (firings of it wait). */
	Optional<Schedule> lock(String name) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM schedule WHERE name = :name AND deleted_at IS NULL FOR UPDATE")
			.param("name", name)
			.query(this::schedule)
			.optional();
	}

	/** Every schedule, by name. */
	List<Schedule> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM schedule WHERE deleted_at IS NULL ORDER BY name")
			.query(this::schedule)
			.list();
	}

	/**
	 * Enabled schedules due at {@code now}, their rows locked until the transaction ends;
	 * rows another process has locked are passed over, so each due schedule is fired by
	 * one.
	 */
	List<Schedule> lockDue(Instant now, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM schedule WHERE enabled AND deleted_at IS NULL AND next_fire_at <= :now
				ORDER BY next_fire_at LIMIT :limit FOR UPDATE SKIP LOCKED
				""").param("now", Timestamp.from(now)).param("limit", limit).query(this::schedule).list();
	}

	void moveOn(long id, Instant nextFireAt) {
		this.jdbc.sql("UPDATE schedule SET next_fire_at = :next WHERE id = :id")
			.param("id", id)
			.param("next", Timestamp.from(nextFireAt))
			.update();
	}

	boolean enable(long id, boolean enabled, Instant nextFireAt, Instant now) {
		return this.jdbc.sql("""
				UPDATE schedule SET enabled = :enabled, next_fire_at = :next, updated_at = :now, version = version + 1
				WHERE id = :id AND deleted_at IS NULL
				""")
			.param("id", id)
			.param("enabled", enabled)
			.param("next", Timestamp.from(nextFireAt))
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	boolean delete(long id, Instant now) {
		return this.jdbc
			.sql("UPDATE schedule SET deleted_at = :now, enabled = false WHERE id = :id AND deleted_at IS NULL")
			.param("id", id)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	private Schedule schedule(ResultSet rs, int row) throws SQLException {
		ScheduleSpec spec = new ScheduleSpec(rs.getString("name"), rs.getString("cron"), rs.getString("zone"),
				this.json.readValue(rs.getString("request"), RunRequest.class), rs.getBoolean("enabled"),
				Overlap.valueOf(rs.getString("overlap")), Misfire.valueOf(rs.getString("misfire")),
				rs.getBigDecimal("daily_cap_usd"), rs.getBigDecimal("monthly_cap_usd"));
		return new Schedule(rs.getLong("id"), spec, rs.getTimestamp("next_fire_at").toInstant(),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

}
