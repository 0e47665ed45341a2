package dev.taxi.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import dev.taxi.TaxiApplication;
import dev.taxi.test.TestRedisPrefix;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Live driver location end to end, the heaviest traffic of a ride-hailing server: {@code drivers}
 * drivers, each on a trip in {@code STARTED} whose rider is connected too (so twice as many v2
 * WebSockets), every driver sending {@code update.location} {@code rate} times a second for
 * {@code seconds} seconds after {@code warmup} seconds of warm-up. Latency runs from the driver's
 * send to its rider reading the matching {@code driver.location}, on one clock: the load
 * generator (plain Netty, {@code client-threads} event loop threads) is one process, and each
 * update carries the driver's sequence number in {@code speed}, so the rider's copy is matched to
 * the moment it was sent. Reported: p50, p90, p99, p99.9 and max, updates sent and received
 * (lost = sent − received), duplicates and misrouted updates, frames nobody expected, close codes,
 * and the server's CPU (in cores) and resident memory over the measured period.
 *
 * <p>Users and their {@code STARTED} trips are written straight into PostgreSQL (one precomputed
 * bcrypt hash; access tokens signed with the server's secret), see {@link RideFixtures}, and
 * deleted afterwards. The server it starts (profile {@code postgres}; {@code redis} too for two
 * instances or {@code layer=redis}) allows {@code taxi.channels.max-connections-per-user} and
 * {@code taxi.channels.max-messages-per-second} far beyond one driver's needs; the location rate
 * limit ({@code taxi.location.max-per-second}) stays the server's default unless
 * {@code location-limit} is given.
 *
 * <p>Run (PostgreSQL and Redis on localhost, as for the tests):
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) dev.taxi.bench.LocationBenchmark \
 *   drivers=2000 rate=5 seconds=30 warmup=10 instances=1          # then instances=2
 * </pre>
 * Options, as {@code key=value} arguments or system properties {@code -Dbench.key=value}:
 * <ul>
 * <li>{@code drivers} (2000), {@code rate} updates per second per driver (5), {@code seconds} (30),
 * {@code warmup} seconds (10);</li>
 * <li>{@code instances} 1 or 2 (1): with 2, drivers connect to instance one and riders to instance
 * two, every update crossing Redis; {@code layer} {@code memory} or {@code redis} for one instance
 * ({@code memory});</li>
 * <li>{@code riders} {@code ws} (v2 WebSockets) or {@code sse} (each rider reads its trip's
 * Server-Sent Event stream, {@code GET /api/trip/{id}/events/}, instead) ({@code ws});
 * {@code advance} {@code true} or {@code false} ({@code false}): during the second half of the
 * measured period every driver also moves its trip to {@code IN_PROGRESS} once, the drivers spread
 * evenly over that half as trips advance in a city, and the latency from that {@code update.trip}
 * to its rider hearing {@code trip.updated} is reported apart;</li>
 * <li>{@code client-threads} (2), {@code connect-concurrency} handshakes in flight (64),
 * {@code location-limit} (the server's {@code taxi.location.max-per-second}; default: the server's
 * own);</li>
 * <li>an external server instead of one in this JVM: {@code url} ({@code ws://host:port}, drivers
 * and riders), {@code url2} (riders, for two instances), {@code pid} (comma-separated pids of the
 * server processes on this machine, for CPU and RSS from {@code /proc}), {@code secret} (the
 * server's {@code taxi.jwt.secret}), {@code db-url} ({@code jdbc:postgresql://localhost:5432/taxi}),
 * {@code db-user} and {@code db-password} ({@code taxi}).</li>
 * </ul>
 * Arguments that start with {@code --} go to the servers it starts as they are, e.g.
 * {@code --logging.level.dev.taxi=DEBUG}.
 * With the server in this JVM, its CPU is the process's ({@code OperatingSystemMXBean}) minus the
 * load generator's threads, and its RSS is the whole process's ({@code /proc/self/status}); the
 * machine's busy cores (from {@code /proc/stat}) are reported too, so that a run disturbed by
 * other processes shows it. The p99 of each measured second shows whether latency is steady or
 * comes in bursts. With the server in this JVM, each WebSocket holds two file descriptors (its
 * two ends): 2,000 drivers need an open-file limit above 8,000.
 */
public final class LocationBenchmark {

	private static final String SECRET = "benchmark-secret-benchmark-secret-0123456789";

	private static final String V2 = "taxi.v2";

	private final Settings settings;

	public LocationBenchmark(Settings settings) {
		this.settings = settings;
	}

	public static void main(String[] args) {
		Result result = new LocationBenchmark(Settings.from(args)).run();
		System.out.println(result);
		System.exit(0);
	}

	/** What a run does; see the class Javadoc for each option. */
	public record Settings(int drivers, int rate, int seconds, int warmup, int instances, String layer,
			int clientThreads, int connectConcurrency, @Nullable Integer locationLimit, @Nullable String url,
			@Nullable String url2, List<Long> pids, String secret, String dbUrl, String dbUser, String dbPassword,
			List<String> serverArgs, String riders, boolean advance) {

		/** The defaults, for one instance in this JVM. */
		public static Settings defaults() {
			return from(new String[0]);
		}

		static Settings from(String[] args) {
			Map<String, String> options = new HashMap<>();
			System.getProperties().forEach((key, value) -> {
				if (key.toString().startsWith("bench.")) {
					options.put(key.toString().substring("bench.".length()), value.toString());
				}
			});
			List<String> serverArgs = new ArrayList<>();
			for (String arg : args) {
				if (arg.startsWith("--")) {
					serverArgs.add(arg);
					continue;
				}
				String[] pair = arg.split("=", 2);
				options.put(pair[0], (pair.length > 1) ? pair[1] : "");
			}
			int instances = Integer.parseInt(options.getOrDefault("instances", "1"));
			String limit = options.get("location-limit");
			String pids = options.getOrDefault("pid", "");
			return new Settings(Integer.parseInt(options.getOrDefault("drivers", "2000")),
					Integer.parseInt(options.getOrDefault("rate", "5")),
					Integer.parseInt(options.getOrDefault("seconds", "30")),
					Integer.parseInt(options.getOrDefault("warmup", "10")), instances,
					options.getOrDefault("layer", (instances == 2) ? "redis" : "memory"),
					Integer.parseInt(options.getOrDefault("client-threads", "2")),
					Integer.parseInt(options.getOrDefault("connect-concurrency", "64")),
					(limit != null) ? Integer.valueOf(limit) : null, options.get("url"), options.get("url2"),
					pids.isBlank() ? List.of() : java.util.Arrays.stream(pids.split(",")).map(String::trim).map(Long::valueOf).toList(),
					options.getOrDefault("secret", SECRET),
					options.getOrDefault("db-url", "jdbc:postgresql://localhost:5432/taxi"),
					options.getOrDefault("db-user", "taxi"), options.getOrDefault("db-password", "taxi"),
					List.copyOf(serverArgs), options.getOrDefault("riders", "ws"),
					Boolean.parseBoolean(options.getOrDefault("advance", "false")));
		}

		public Settings withSize(int drivers, int seconds, int warmup) {
			return new Settings(drivers, this.rate, seconds, warmup, this.instances, this.layer, this.clientThreads,
					this.connectConcurrency, this.locationLimit, this.url, this.url2, this.pids, this.secret, this.dbUrl,
					this.dbUser, this.dbPassword, this.serverArgs, this.riders, this.advance);
		}

		/** Riders following their trips over Server-Sent Events, or over WebSockets; trips moved on halfway or not. */
		public Settings withRiders(String riders, boolean advance) {
			return new Settings(this.drivers, this.rate, this.seconds, this.warmup, this.instances, this.layer,
					this.clientThreads, this.connectConcurrency, this.locationLimit, this.url, this.url2, this.pids,
					this.secret, this.dbUrl, this.dbUser, this.dbPassword, this.serverArgs, riders, advance);
		}

		boolean ridersUseEventStreams() {
			return "sse".equals(this.riders);
		}

		public Settings withInstances(int instances, @Nullable Integer locationLimit) {
			return new Settings(this.drivers, this.rate, this.seconds, this.warmup, instances,
					(instances == 2) ? "redis" : this.layer, this.clientThreads, this.connectConcurrency, locationLimit,
					this.url, this.url2, this.pids, this.secret, this.dbUrl, this.dbUser, this.dbPassword,
					this.serverArgs, this.riders, this.advance);
		}

	}

	public Result run() {
		Settings s = this.settings;
		List<ConfigurableApplicationContext> servers = new ArrayList<>();
		RideFixtures fixtures = null;
		try {
			URI driverSide;
			URI riderSide;
			ProcessMeter meter;
			if (s.url() == null) {
				String redisPrefix = TestRedisPrefix.unique();
				servers.add(start(redisPrefix));
				if (s.instances() == 2) {
					servers.add(start(redisPrefix));
				}
				driverSide = URI.create("ws://localhost:" + port(servers.get(0)));
				riderSide = URI.create("ws://localhost:" + port(servers.get(servers.size() - 1)));
				meter = ProcessMeter.inThisProcess();
			}
			else {
				driverSide = URI.create(s.url());
				riderSide = URI.create((s.url2() != null) ? s.url2() : s.url());
				meter = s.pids().isEmpty() ? ProcessMeter.none() : ProcessMeter.ofPids(s.pids());
			}
			long setupStart = System.nanoTime();
			fixtures = RideFixtures.create(new RideFixtures.Database(s.dbUrl(), s.dbUser(), s.dbPassword()), s.secret(),
					s.drivers());
			Duration fixturesTook = Duration.ofNanos(System.nanoTime() - setupStart);
			try (BenchmarkSockets sockets = new BenchmarkSockets(s.clientThreads())) {
				LocationTracker tracker = new LocationTracker(fixtures.rides(), s.rate() * (s.warmup() + s.seconds()),
						s.rate() * s.warmup(), s.warmup() + s.seconds());
				long connectStart = System.nanoTime();
				ProcessMeter.Sample beforeConnect = meter.sample();
				List<RideFixtures.Ride> rides = fixtures.rides();
				BenchmarkEventStreams streams = new BenchmarkEventStreams(sockets.group());
				List<java.util.function.BooleanSupplier> riders = s.ridersUseEventStreams()
						? openAll(rides.size(), (i) -> streams.open(eventsUri(riderSide, rides.get(i).tripId()),
								rides.get(i).riderToken(), tracker.riderListener(i))).stream()
							.<java.util.function.BooleanSupplier>map((stream) -> stream::isOpen).toList()
						: connectAll(sockets, rides.size(), (i) -> socketUri(riderSide, rides.get(i).riderToken()),
								tracker::riderListener).stream()
							.<java.util.function.BooleanSupplier>map((socket) -> socket::isOpen).toList();
				List<BenchmarkSockets.Socket> drivers = connectAll(sockets, rides.size(),
						(i) -> socketUri(driverSide, rides.get(i).driverToken()), (i) -> tracker::driverFrame);
				Duration connectTook = Duration.ofNanos(System.nanoTime() - connectStart);
				ProcessMeter.Sample afterConnect = meter.sample();
				Measured measured = CompletableFuture
					.supplyAsync(() -> send(drivers, rides, tracker, meter),
							(task) -> new Thread(task, BenchmarkSockets.THREAD_PREFIX + "sender").start())
					.join();
				tracker.awaitDeliveries(measured.sent(), Duration.ofSeconds(10));
				long stillOpen = riders.stream().filter(java.util.function.BooleanSupplier::getAsBoolean).count()
						+ drivers.stream().filter(BenchmarkSockets.Socket::isOpen).count();
				return new Result(s, meter.describe(), fixturesTook, connectTook, measured.sent(), tracker.received(),
						tracker.duplicates(), tracker.unmatched(), tracker.misrouted(), measured.sendFailures(),
						tracker.unexpected(), tracker.unexpectedSamples(), sockets.closeCodes(), stillOpen, tracker.latencies(),
						tracker.p99BySecond(s.warmup()), tracker.advanceLatencies(), beforeConnect, afterConnect, measured.from(),
						measured.to());
			}
		}
		finally {
			for (int i = servers.size() - 1; i >= 0; i--) {
				servers.get(i).close();
			}
			if (fixtures != null) {
				fixtures.close();
			}
		}
	}

	private static URI socketUri(URI base, String token) {
		return base.resolve("/taxi/?token=" + token);
	}

	private static URI eventsUri(URI socketBase, java.util.UUID tripId) {
		return URI.create(socketBase.toString().replaceFirst("^ws", "http")).resolve("/api/trip/" + tripId + "/events/");
	}

	/** Connects {@code count} sockets, at most {@code connect-concurrency} handshakes at a time. */
	private List<BenchmarkSockets.Socket> connectAll(BenchmarkSockets sockets, int count,
			java.util.function.IntFunction<URI> uris, java.util.function.IntFunction<java.util.function.Consumer<String>> listeners) {
		return openAll(count, (i) -> sockets.open(uris.apply(i), V2, listeners.apply(i)));
	}

	/** Opens {@code count} connections of any kind, at most {@code connect-concurrency} at a time. */
	private <T> List<T> openAll(int count, java.util.function.IntFunction<CompletableFuture<T>> opener) {
		Semaphore inFlight = new Semaphore(this.settings.connectConcurrency());
		List<CompletableFuture<T>> opening = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			inFlight.acquireUninterruptibly();
			CompletableFuture<T> connection = opener.apply(i);
			connection.whenComplete((opened, failure) -> inFlight.release());
			opening.add(connection);
		}
		List<T> open = new ArrayList<>(count);
		for (CompletableFuture<T> socket : opening) {
			try {
				open.add(socket.get(2, TimeUnit.MINUTES));
			}
			catch (ExecutionException | TimeoutException ex) {
				long failed = opening.stream().filter(CompletableFuture::isCompletedExceptionally).count();
				throw new IllegalStateException(failed + " of " + count + " connections failed", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return open;
	}

	private record Measured(long sent, long sendFailures, ProcessMeter.Sample from, ProcessMeter.Sample to) {
	}

	/** One update due: which driver, which of its sequence, and whether the driver also moves its trip on. */
	private record Due(int driver, int sequence, boolean advance) {
	}

	/**
	 * Sends every driver's updates {@code 1/rate} seconds apart, the drivers spread evenly over
	 * that interval. A plain thread wakes up every {@link #TICK} and hands each event loop, in one
	 * task, the updates that fell due on its connections: each is written, and its send time taken,
	 * on the event loop, and each connection flushed once per tick (a task per update would wake
	 * the event loops ten thousand times a second). Samples the server's CPU and memory when the
	 * measured period starts and ends.
	 */
	private Measured send(List<BenchmarkSockets.Socket> drivers, List<RideFixtures.Ride> rides, LocationTracker tracker,
			ProcessMeter meter) {
		Settings s = this.settings;
		long perSecond = (long) s.drivers() * s.rate();
		long total = perSecond * (s.warmup() + s.seconds());
		long measuredFrom = perSecond * s.warmup();
		// In the second half of the measured period each driver moves its trip on once, with one of
		// its updates: driver i in round advanceFrom + i * rounds / drivers of that half.
		long roundsInHalf = (long) s.rate() * s.seconds() / 2;
		long advanceFrom = (measuredFrom + perSecond * s.seconds() / 2) / s.drivers();
		double interval = 1e9 / perSecond;
		ProcessMeter.Sample from = meter.sample();
		java.util.concurrent.atomic.LongAdder sent = new java.util.concurrent.atomic.LongAdder();
		java.util.concurrent.atomic.LongAdder failures = new java.util.concurrent.atomic.LongAdder();
		Map<io.netty.channel.EventLoop, List<Due>> batches = new HashMap<>();
		long start = System.nanoTime();
		tracker.started(start);
		long k = 0;
		while (k < total) {
			long now = System.nanoTime();
			for (; k < total && start + (long) (k * interval) <= now; k++) {
				if (k == measuredFrom) {
					from = meter.sample();
				}
				int driver = (int) (k % s.drivers());
				batches.computeIfAbsent(drivers.get(driver).eventLoop(), (loop) -> new ArrayList<>())
					.add(new Due(driver, (int) (k / s.drivers()),
							s.advance() && k / s.drivers() == advanceFrom + driver * roundsInHalf / s.drivers()));
			}
			batches.forEach((loop, due) -> loop.execute(() -> write(drivers, rides, due, tracker, measuredFrom / s.drivers(),
					sent, failures)));
			batches.clear();
			long next = start + (long) (k * interval);
			long wait = Math.min(next - System.nanoTime(), TICK.toNanos());
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
		}
		// The last batches run on the event loops: wait for them before counting.
		drivers.stream().map(BenchmarkSockets.Socket::eventLoop).distinct()
			.forEach((loop) -> loop.submit(() -> { }).syncUninterruptibly());
		return new Measured(sent.sum(), failures.sum(), from, meter.sample());
	}

	private static final Duration TICK = Duration.ofMillis(1);

	/** On an event loop: writes the updates due on its connections, then flushes each once. */
	private static void write(List<BenchmarkSockets.Socket> drivers, List<RideFixtures.Ride> rides, List<Due> due,
			LocationTracker tracker,
			long measuredFrom, java.util.concurrent.atomic.LongAdder sent, java.util.concurrent.atomic.LongAdder failures) {
		StringBuilder frame = new StringBuilder(160);
		for (Due update : due) {
			int driver = update.driver();
			int sequence = update.sequence();
			frame.setLength(0);
			frame.append("{\"type\":\"update.location\",\"data\":{\"lat\":").append(48.0 + driver % 1000 * 0.001 + sequence * 0.00001)
				.append(",\"lng\":").append(2.0 + driver / 1000 * 0.01).append(",\"heading\":").append(sequence * 7 % 360)
				.append(",\"speed\":").append(sequence).append("}}");
			tracker.sending(driver, sequence, System.nanoTime());
			if (drivers.get(driver).write(frame.toString())) {
				if (sequence >= measuredFrom) {
					sent.increment();
				}
			}
			else {
				failures.increment();
			}
			if (update.advance()) {
				tracker.advancing(driver, System.nanoTime());
				drivers.get(driver).write("{\"type\":\"update.trip\",\"data\":{\"id\":\"" + rides.get(driver).tripId()
						+ "\",\"status\":\"IN_PROGRESS\"}}");
			}
		}
		for (Due update : due) {
			drivers.get(update.driver()).flush();
		}
	}

	private ConfigurableApplicationContext start(String redisPrefix) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0", "--taxi.jwt.secret=" + this.settings.secret(),
				"--logging.level.root=WARN", "--taxi.channels.max-messages-per-second=1000",
				"--taxi.channels.max-connections-per-user=100000", TestRedisPrefix.argument(redisPrefix)));
		if (this.settings.locationLimit() != null) {
			args.add("--taxi.location.max-per-second=" + this.settings.locationLimit());
		}
		args.addAll(this.settings.serverArgs());
		String[] profiles = "redis".equals(this.settings.layer()) ? new String[] { "postgres", "redis" }
				: new String[] { "postgres" };
		return new SpringApplicationBuilder(TaxiApplication.class).profiles(profiles).run(args.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	/** What a run measured. */
	public record Result(Settings settings, String meter, Duration fixturesTook, Duration connectTook, long sent,
			long received, long duplicates, long unmatched, long misrouted, long sendFailures,
			Map<String, Long> unexpected, List<String> unexpectedSamples, Map<Integer, Long> closeCodes, long stillOpen, Histogram latencies,
			List<Double> p99BySecond, Histogram advanceLatencies, ProcessMeter.Sample beforeConnect,
			ProcessMeter.Sample afterConnect, ProcessMeter.Sample from, ProcessMeter.Sample to) {

		public long lost() {
			return this.sent - this.received;
		}

		public double percentileMillis(double percentile) {
			return this.latencies.getValueAtPercentile(percentile) / 1e6;
		}

		public double maxMillis() {
			return this.latencies.getMaxValue() / 1e6;
		}

		/** Cores of server CPU over the measured period. */
		public double serverCores() {
			return ProcessMeter.cores(this.from.serverCpuNanos(), this.to.serverCpuNanos(), this.from, this.to);
		}

		/** Milliseconds of server CPU per connection opened, over the connecting phase. */
		public double serverCpuPerConnectionMillis() {
			return (this.afterConnect.serverCpuNanos() - this.beforeConnect.serverCpuNanos()) / 1e6
					/ (2.0 * this.settings.drivers());
		}

		public double generatorCores() {
			return ProcessMeter.cores(this.from.generatorCpuNanos(), this.to.generatorCpuNanos(), this.from, this.to);
		}

		/** Cores the whole machine kept busy over the measured period: server, load generator, databases, anyone. */
		public double machineCores() {
			return ProcessMeter.cores(this.from.machineBusyNanos(), this.to.machineBusyNanos(), this.from, this.to);
		}

		private String advanceSummary() {
			if (!this.settings.advance()) {
				return "no";
			}
			Histogram h = this.advanceLatencies;
			return String.format("%d of %d riders heard it, latency ms p50=%.3f p99=%.3f max=%.3f", h.getTotalCount(),
					this.settings.drivers(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
					h.getMaxValue() / 1e6);
		}

		@Override
		public String toString() {
			Settings s = this.settings;
			double seconds = (this.to.nanos() - this.from.nanos()) / 1e9;
			return String.format("""
					LocationBenchmark: instances=%d (layer %s%s) drivers=%d riders=%d sockets=%d rate=%d/s per driver \
					(%d updates/s) warm-up=%ds measured=%ds location-limit=%s
					  set-up: rows %.1f s, %d sockets connected in %.1f s (server CPU %.2f ms per connection)
					  sent=%d received=%d lost=%d duplicates=%d unmatched=%d misrouted=%d send-failures=%d \
					still-open=%d/%d
					  latency ms: p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f (%d samples)
					  p99 ms of each measured second: %s
					  server CPU=%.2f cores (load generator %.2f; machine %.2f of %d cores busy, other processes %.2f) over %.1f s; \
					GC %d ms; RSS=%d MB (peak %d MB) [%s]
					  cores by thread pool (server and generator): %s
					  riders over %s; trips moved on halfway: %s
					  unexpected frames=%s close codes=%s%s""",
					s.instances(), s.layer(), (s.url() != null) ? ", external " + s.url() : "", s.drivers(), s.drivers(),
					2 * s.drivers(), s.rate(), s.drivers() * s.rate(), s.warmup(), s.seconds(),
					(s.locationLimit() != null) ? s.locationLimit() : "server default", this.fixturesTook.toMillis() / 1e3,
					2 * s.drivers(), this.connectTook.toMillis() / 1e3, serverCpuPerConnectionMillis(), this.sent, this.received, lost(), this.duplicates,
					this.unmatched, this.misrouted, this.sendFailures, this.stillOpen, 2 * s.drivers(),
					percentileMillis(50), percentileMillis(90), percentileMillis(99), percentileMillis(99.9), maxMillis(),
					this.latencies.getTotalCount(), this.p99BySecond, serverCores(), generatorCores(), machineCores(),
					Runtime.getRuntime().availableProcessors(), machineCores() - serverCores() - generatorCores(), seconds, this.to.gcMillis() - this.from.gcMillis(),
					this.to.rssKb() / 1024,
					this.to.peakRssKb() / 1024, this.meter, ProcessMeter.Sample.coresByThreadPool(this.from, this.to),
					s.ridersUseEventStreams() ? "Server-Sent Events" : "WebSockets", advanceSummary(), this.unexpected,
					this.closeCodes,
					this.unexpectedSamples.isEmpty() ? "" : "\n  e.g. " + String.join("\n  e.g. ", this.unexpectedSamples));
		}

	}

}
