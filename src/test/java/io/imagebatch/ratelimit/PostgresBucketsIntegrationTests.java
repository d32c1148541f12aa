package io.imagebatch.ratelimit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.TimeMeter;
import io.imagebatch.system.Sha256;
import io.imagebatch.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TrafficControl}s of several processes on one gateway key, their buckets in real
 * PostgreSQL ({@link PostgresBuckets}): each instance here stands for a process. Time is
 * a clock the test moves (the buckets' client clock and the processes' ticker alike), so
 * nothing waits and nothing depends on how fast the machine is.
 */
class PostgresBucketsIntegrationTests {

	private static final Duration STEP = Duration.ofMillis(100);

	private static final String MODEL = "gpt-image-1";

	private static HikariDataSource pool;

	private final AtomicLong now = new AtomicLong(1_800_000_000_000_000_000L);

	private final RoundTrips roundTrips = new RoundTrips();

	private final PostgresBuckets buckets = new PostgresBuckets(this.roundTrips.counting(pool), clock(this.now));

	// a gateway of its own per test: buckets of other tests and runs are other rows
	private final URI gateway = URI
		.create("https://gateway-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".test/v1");

	@BeforeAll
	static void migrate() {
		Map<String, String> properties = TestInfrastructure.get().properties("unused");
		pool = new HikariDataSource();
		pool.setJdbcUrl(properties.get("spring.datasource.url"));
		pool.setUsername(properties.get("spring.datasource.username"));
		pool.setPassword(properties.get("spring.datasource.password"));
		pool.setMaximumPoolSize(8);
		// as the application does at start-up
		Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
	}

	@AfterAll
	static void closePool() {
		pool.close();
	}

	@Test
	void aProcessSpendsARestedKeysFirstMinuteAtOnceThroughSharedBuckets() throws Exception {
		// given: one process at 60 a minute on a rested key (60 at once, then one a
		// second), calls answered a second after they start
		GatewayBucket gateway = new GatewayBucket(60, this.now.get());

		// when
		List<Long> granted = takeEverythingAllowed(List.of(aProcess("sk-one")), gateway, Duration.ofSeconds(5),
				Duration.ofSeconds(1));

		// then: the first answer let the rest of the minute go at once, where pacing
		// alone allows ten in five seconds
		assertThat(gateway.refused).isZero();
		assertThat(granted).hasSizeGreaterThanOrEqualTo(55);
	}

	@Test
	void threeProcessesOnOneKeyTogetherKeepToItsLimitAndProvokeNo429s() throws Exception {
		// given: three processes at 60 a minute on one key, calls answered three seconds
		// after they start, each answer saying what a rested key (60 at once, then one a
		// second) had left when it counted the call
		List<TrafficControl> processes = List.of(aProcess("sk-one"), aProcess("sk-one"), aProcess("sk-one"));
		GatewayBucket gateway = new GatewayBucket(60, this.now.get());

		// when: for three minutes each takes every call its process is allowed, in turns
		List<Long> granted = takeEverythingAllowed(processes, gateway, Duration.ofMinutes(3), Duration.ofSeconds(3));

		// then: never more than the gateway had, the first minute's allowance spent at
		// once (all but the calls of the first three seconds, answered by then), and then
		// no slower than one bucket of 58.8 a minute (the limit less its headroom)
		long start = granted.get(0);
		assertThat(gateway.refused).isZero();
		assertThat(granted.stream().filter((at) -> at - start <= Duration.ofSeconds(4).toNanos()))
			.hasSizeGreaterThanOrEqualTo(55);
		assertThat(granted).hasSizeGreaterThanOrEqualTo(220);
	}

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES) // should a lock never be let go
	void processesRaisingTheBucketForTheSameAnswerAtOnceAddItsAllowanceOnce() throws Exception {
		// given: three processes, each with buckets and a pool of its own, and a call
		// each on a rested key: 57 left
		Rendezvous raising = new Rendezvous(3);
		DataSource paused = afterEachStatement(pool, "SELECT granted FROM rate_limit_grant", raising::arrive);
		List<TrafficControl> processes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			processes.add(new TrafficControl(new TrafficControl.Limits(60, null), Map.of(), 1000,
					Duration.ofSeconds(120), 0.02,
					new PostgresBuckets(paused, clock(this.now)).forKey(this.gateway, "sk-one"), this.now::get));
		}
		GatewayBucket gateway = new GatewayBucket(60, this.now.get());
		List<TrafficControl.Permit> permits = new ArrayList<>();
		List<Long> remaining = new ArrayList<>();
		for (TrafficControl process : processes) {
			permits.add(process.acquire(MODEL, 1));
			remaining.add(gateway.take(this.now.get()));
		}

		// when: their answers (59, 58 and 57 left, each less the calls after it) arrive
		// together, each process raising the bucket while the others do, as far as they
		// are let: each waits, once it has read the bucket and the count, until the
		// others
		// have too or are held back
		ExecutorService answering = Executors.newFixedThreadPool(3);
		try {
			List<Future<?>> answers = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				TrafficControl process = processes.get(i);
				RateLimitHeaders headers = new RateLimitHeaders(
						new RateLimitHeaders.Window(60L, remaining.get(i), null), RateLimitHeaders.Window.NONE);
				TrafficControl.Permit permit = permits.get(i);
				answers.add(answering.submit(() -> {
					try {
						process.observe(headers, permit);
					}
					finally {
						raising.leave();
					}
				}));
			}
			for (Future<?> answer : answers) {
				answer.get();
			}
		}
		finally {
			answering.shutdownNow();
		}
		List<Long> granted = takeEverythingAllowed(processes, gateway, Duration.ZERO, Duration.ofSeconds(3));

		// then: what the gateway had left went at once, once, with the clock standing
		// still
		assertThat(raising.arrived()).isEqualTo(3);
		assertThat(gateway.refused).isZero();
		assertThat(granted).hasSize(57);
	}

	@Test
	void aRateLimitAnswerToOneProcessPausesTheOthers() {
		// given
		TrafficControl first = aProcess("sk-one");
		TrafficControl second = aProcess("sk-one");
		assertThat(second.requestsAvailable()).isPositive();

		// when: the gateway tells the first to wait ten seconds
		first.rateLimited(Duration.ofSeconds(10), RateLimitHeaders.NONE);

		// then: the second waits them too, then goes on at the pace
		this.now.addAndGet(Duration.ofMillis(9500).toNanos());
		assertThat(second.requestsAvailable()).isZero();
		this.now.addAndGet(Duration.ofMillis(2500).toNanos());
		assertThat(second.requestsAvailable()).isPositive();
	}

	@Test
	void processesThatSeeTheSame429WaitItOnceNotOnceEach() {
		// given: a burst of calls from three processes, answered 429 together
		List<TrafficControl> processes = List.of(aProcess("sk-one"), aProcess("sk-one"), aProcess("sk-one"));

		// when
		processes.forEach((process) -> process.rateLimited(Duration.ofSeconds(10), RateLimitHeaders.NONE));

		// then: ten seconds and a little, not thirty
		this.now.addAndGet(Duration.ofMillis(9500).toNanos());
		assertThat(processes.get(2).requestsAvailable()).isZero();
		this.now.addAndGet(Duration.ofMillis(2500).toNanos());
		assertThat(processes.get(2).requestsAvailable()).isPositive();
	}

	@Test
	void anotherKeyOnTheSameGatewayHasBucketsOfItsOwn() throws Exception {
		// given: two processes on one key, the first of them spending all there is
		TrafficControl spender = aProcess("sk-one");
		TrafficControl sameKey = aProcess("sk-one");
		TrafficControl otherKey = aProcess("sk-two");
		long burst = spender.requestsAvailable();
		for (int i = 0; i < burst; i++) {
			spender.acquire(MODEL, 1).close();
		}

		// then
		assertThat(burst).isPositive();
		assertThat(sameKey.requestsAvailable()).isZero();
		assertThat(otherKey.requestsAvailable()).isEqualTo(burst);
	}

	@Test
	void aProcessStartedWithARaisedLimitPacesTheSharedBucketsAtIt() throws Exception {
		// given: the key's buckets stored at 60 a minute, spent
		TrafficControl before = aProcess("sk-one");
		long burst = before.requestsAvailable();
		for (int i = 0; i < burst; i++) {
			before.acquire(MODEL, 1).close();
		}

		// when: a process configured with ten times the limit starts on the key
		TrafficControl after = new TrafficControl(new TrafficControl.Limits(600, null), Map.of(), 1000,
				Duration.ofSeconds(120), 0.02, this.buckets.forKey(this.gateway, "sk-one"), this.now::get);
		long atStart = after.requestsAvailable();
		this.now.addAndGet(Duration.ofSeconds(1).toNanos());

		// then: what was spent stays spent, and a second refills 9.8, not 0.98
		assertThat(atStart).isZero();
		assertThat(after.requestsAvailable()).isEqualTo(9);
		assertThat(before.requestsAvailable()).isEqualTo(9);
	}

	@Test
	void theBucketTableNamesTheGatewayAndAHashOfTheKeyButNeverTheKey() throws Exception {
		// given
		String key = "sk-proj-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
		TrafficControl process = new TrafficControl(new TrafficControl.Limits(60, 10),
				Map.of(MODEL, new TrafficControl.Limits(30, null)), 16, Duration.ofSeconds(120), 0.02,
				this.buckets.forKey(this.gateway, key), this.now::get);

		// when
		process.acquire(MODEL, 1).close();

		// then
		List<String> ids = JdbcClient.create(pool)
			.sql("SELECT id FROM rate_limit_bucket WHERE id LIKE ? ORDER BY id")
			.param(this.gateway + "%")
			.query(String.class)
			.list();
		String hash = Sha256.hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
		assertThat(ids).containsExactly(this.gateway + " " + hash + " " + MODEL + ":requests",
				this.gateway + " " + hash + " images", this.gateway + " " + hash + " requests");
		assertThat(String.join(",", ids)).doesNotContain(key).doesNotContain(key.substring(3));
	}

	@Test
	void aGatewayWithoutKnownLimitsNeverTouchesTheDatabase() throws Exception {
		// given
		TrafficControl process = new TrafficControl(TrafficControl.Limits.NONE,
				Map.of(MODEL, TrafficControl.Limits.NONE), 16, Duration.ofSeconds(120), 0.02,
				this.buckets.forKey(this.gateway, "sk-one"), this.now::get);

		// when: calls, answers with no limit in them, and a 429
		for (int i = 0; i < 10; i++) {
			try (TrafficControl.Permit permit = process.acquire(MODEL, 4)) {
				process.observe(RateLimitHeaders.NONE, permit);
				process.succeeded();
			}
		}
		process.rateLimited(Duration.ofSeconds(1), RateLimitHeaders.NONE);

		// then
		assertThat(this.roundTrips.count()).isZero();
	}

	@Test
	void countsTheDatabaseRoundTripsOfACall() throws Exception {
		// given: limits on requests and images (bursts of 980 and 9800)
		TrafficControl process = new TrafficControl(new TrafficControl.Limits(6000, 60000), Map.of(), 16,
				Duration.ofSeconds(120), 0.02, this.buckets.forKey(this.gateway, "sk-one"), this.now::get);
		// a burst or less left: the bucket keeps pacing, nothing to change (the steady
		// state)
		RateLimitHeaders steady = new RateLimitHeaders(new RateLimitHeaders.Window(6000L, 980L, null),
				new RateLimitHeaders.Window(60000L, 9800L, null));
		// more left than the bucket holds and than a burst: the bucket is raised,
		// serialized
		RateLimitHeaders plenty = new RateLimitHeaders(new RateLimitHeaders.Window(6000L, 5000L, null),
				new RateLimitHeaders.Window(60000L, 50000L, null));
		call(process, RateLimitHeaders.NONE);

		// when
		int calls = 20;
		long acquiring = 0;
		long before = this.roundTrips.count();
		for (int i = 0; i < calls; i++) {
			this.now.addAndGet(Duration.ofSeconds(1).toNanos());
			long start = this.roundTrips.count();
			TrafficControl.Permit permit = process.acquire(MODEL, 1);
			acquiring += this.roundTrips.count() - start;
			process.observe(steady, permit);
			process.succeeded();
			permit.close();
		}
		long withHeaders = this.roundTrips.count() - before;
		before = this.roundTrips.count();
		for (int i = 0; i < calls; i++) {
			this.now.addAndGet(Duration.ofSeconds(1).toNanos());
			call(process, RateLimitHeaders.NONE);
		}
		long withoutHeaders = this.roundTrips.count() - before;
		before = this.roundTrips.count();
		for (int i = 0; i < calls; i++) {
			this.now.addAndGet(Duration.ofSeconds(1).toNanos());
			call(process, plenty);
		}
		long raising = this.roundTrips.count() - before;
		before = this.roundTrips.count();
		process.rateLimited(Duration.ofSeconds(1), RateLimitHeaders.NONE);
		long rateLimited = this.roundTrips.count() - before;

		// then
		System.out.printf(
				"Shared buckets (requests and images limited): %.1f database round trips per call to "
						+ "be allowed, %.1f per call in all when its answer reports what is left and the buckets keep "
						+ "pacing, %.1f when it does not; %d for a 429; %.1f per call when every answer raises both "
						+ "buckets%n",
				(double) acquiring / calls, (double) withHeaders / calls, (double) withoutHeaders / calls, rateLimited,
				(double) raising / calls);
		assertThat(acquiring).isLessThanOrEqualTo(7L * calls);
		assertThat(withoutHeaders).isPositive().isLessThanOrEqualTo(7L * calls);
		assertThat(withHeaders).isLessThanOrEqualTo(11L * calls);
		assertThat(raising).isLessThanOrEqualTo(27L * calls);
	}

	/**
	 * A process at 60 requests a minute, the calls in flight limited by the test alone.
	 */
	private TrafficControl aProcess(String apiKey) {
		return new TrafficControl(new TrafficControl.Limits(60, null), Map.of(), 1000, Duration.ofSeconds(120), 0.02,
				this.buckets.forKey(this.gateway, apiKey), this.now::get);
	}

	private void call(TrafficControl process, RateLimitHeaders answer) throws InterruptedException {
		try (TrafficControl.Permit permit = process.acquire(MODEL, 1)) {
			process.observe(answer, permit);
			process.succeeded();
		}
	}

	/**
	 * Every {@link #STEP} for {@code duration} (or once, at the current time, for none),
	 * the processes in turns take every call they are allowed from {@code gateway}; each
	 * call is answered {@code latency} after it started, with what the gateway had left
	 * when it counted it.
	 * @return when each call was allowed
	 */
	private List<Long> takeEverythingAllowed(List<TrafficControl> processes, GatewayBucket gateway, Duration duration,
			Duration latency) throws InterruptedException {
		List<Call> inFlight = new ArrayList<>();
		List<Long> granted = new ArrayList<>();
		long steps = Math.max(1, duration.dividedBy(STEP));
		for (int step = 0; step < steps; step++) {
			if (!duration.isZero()) {
				this.now.addAndGet(STEP.toNanos());
			}
			answerDue(inFlight);
			for (int turn = 0; turn < processes.size(); turn++) {
				TrafficControl process = processes.get((step + turn) % processes.size());
				while (process.requestsAvailable() > 0) {
					TrafficControl.Permit permit = process.acquire(MODEL, 1);
					granted.add(this.now.get());
					long remaining = gateway.take(this.now.get());
					inFlight.add(new Call(process, permit, remaining, this.now.get() + latency.toNanos()));
				}
			}
		}
		return granted;
	}

	private void answerDue(List<Call> inFlight) {
		List<Call> due = inFlight.stream().filter((call) -> call.answeredAt <= this.now.get()).toList();
		for (Call call : due) {
			call.process.observe(new RateLimitHeaders(new RateLimitHeaders.Window(60L, call.remaining, null),
					RateLimitHeaders.Window.NONE), call.permit);
			call.process.succeeded();
			call.permit.close();
		}
		inFlight.removeAll(due);
	}

	private static TimeMeter clock(AtomicLong now) {
		return new TimeMeter() {

			@Override
			public long currentTimeNanos() {
				return now.get();
			}

			@Override
			public boolean isWallClockBased() {
				return true;
			}

		};
	}

	/** A call on its way, to be answered at {@code answeredAt}. */
	private record Call(TrafficControl process, TrafficControl.Permit permit, long remaining, long answeredAt) {

	}

	/**
	 * A data source whose connections run {@code then} after executing each statement
	 * prepared with SQL that starts with {@code sqlPrefix}.
	 */
	private static DataSource afterEachStatement(DataSource dataSource, String sqlPrefix, Runnable then) {
		InvocationHandler statements = (instance, method, args) -> {
			Object result = invoke(dataSource, method, args);
			if (result instanceof Connection connection) {
				return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
						(connectionProxy, connectionMethod, connectionArgs) -> {
							Object made = invoke(connection, connectionMethod, connectionArgs);
							if (made instanceof PreparedStatement statement
									&& connectionMethod.getName().equals("prepareStatement")
									&& ((String) connectionArgs[0]).startsWith(sqlPrefix)) {
								return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
										new Class<?>[] { PreparedStatement.class },
										(statementProxy, statementMethod, statementArgs) -> {
											Object executed = invoke(statement, statementMethod, statementArgs);
											if (statementMethod.getName().startsWith("execute")) {
												then.run();
											}
											return executed;
										});
							}
							return made;
						});
			}
			return result;
		};
		return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, statements);
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/**
	 * Where threads racing each other wait, once there, until every other one is there
	 * too, past it, done, or held back by a lock in the database: so a race that locks
	 * allow happens every time, and one they prevent never waits for itself. No sleep:
	 * the database is asked until then.
	 */
	private static final class Rendezvous {

		private final int parties;

		private final Set<Thread> arrived = ConcurrentHashMap.newKeySet();

		private final Set<Thread> there = ConcurrentHashMap.newKeySet();

		Rendezvous(int parties) {
			this.parties = parties;
		}

		void arrive() {
			this.arrived.add(Thread.currentThread());
			this.there.add(Thread.currentThread());
			while (this.there.size() + heldBackByLocks() < this.parties) {
				Thread.onSpinWait();
			}
		}

		/** The calling party is done, whether it arrived or not. */
		void leave() {
			this.there.add(Thread.currentThread());
		}

		int arrived() {
			return this.arrived.size();
		}

		/** The sessions of this database waiting for an advisory lock. */
		private static int heldBackByLocks() {
			return JdbcClient.create(pool)
				.sql("SELECT count(DISTINCT pid) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
						+ "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
				.query(Integer.class)
				.single();
		}

	}

	/**
	 * The gateway's own limit, as OpenAI keeps it: a bucket of a minute's worth, full
	 * when the key is rested, refilled continuously.
	 */
	private static final class GatewayBucket {

		private final long perMinute;

		private double tokens;

		private long lastNanos;

		private int refused;

		GatewayBucket(long perMinute, long nowNanos) {
			this.perMinute = perMinute;
			this.tokens = perMinute;
			this.lastNanos = nowNanos;
		}

		/** Counts a call; returns what is left, as its answer reports. */
		long take(long nowNanos) {
			this.tokens = Math.min(this.perMinute, this.tokens + (nowNanos - this.lastNanos) * this.perMinute / 60e9);
			this.lastNanos = nowNanos;
			if (this.tokens < 1) {
				this.refused++;
				return 0;
			}
			this.tokens -= 1;
			return (long) this.tokens;
		}

	}

	/**
	 * Counts what reaches the database through a data source: statements executed,
	 * commits and rollbacks. Opening a transaction costs none (the driver sends it with
	 * the first statement), nor does taking a connection from the pool.
	 */
	private static final class RoundTrips {

		private static final Set<String> ROUND_TRIPS = Set.of("execute", "executeQuery", "executeUpdate",
				"executeLargeUpdate", "executeBatch", "commit", "rollback");

		private final AtomicLong count = new AtomicLong();

		long count() {
			return this.count.get();
		}

		DataSource counting(DataSource dataSource) {
			return counting(DataSource.class, dataSource);
		}

		@SuppressWarnings("unchecked")
		private <T> T counting(Class<T> type, Object target) {
			InvocationHandler handler = (instance, method, args) -> {
				if (ROUND_TRIPS.contains(method.getName())) {
					this.count.incrementAndGet();
				}
				Object result;
				try {
					result = method.invoke(target, args);
				}
				catch (InvocationTargetException ex) {
					throw ex.getCause();
				}
				return (result != null && wrapped(method.getReturnType())) ? counting(method.getReturnType(), result)
						: result;
			};
			return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler);
		}

		private static boolean wrapped(Class<?> type) {
			return type == Connection.class || Statement.class.isAssignableFrom(type);
		}

	}

}
