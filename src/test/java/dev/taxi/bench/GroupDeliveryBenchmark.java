package dev.taxi.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import dev.taxi.TaxiApplication;
import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.ChannelMessage;
import dev.taxi.channels.socket.Connection;
import dev.taxi.channels.socket.ConnectionListener;
import dev.taxi.test.TestRedisPrefix;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.client.WebSocketClient;

/**
 * Cross-instance delivery of group messages, end to end: a publisher on instance A sends group
 * messages at a fixed rate through A's channel layer; WebSocket clients connected to instance B
 * (or to A itself, for the one-instance baseline) receive them. Latency is from {@code groupSend}
 * to the client reading the frame, in one JVM, so one clock measures both ends.
 *
 * <p>Each client's connection is the one member of its own group {@code bench:N}; messages go to
 * the groups in turn, so every message is one delivery. Both instances use the Redis channel
 * layer (profile {@code redis}) on the Redis at localhost:6379, under a Redis prefix of the run's
 * own (so that no other server on that Redis adds to or takes from the traffic), and the
 * embedded database.
 *
 * <p>Run: {@code ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}
 * then {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt)
 * dev.taxi.bench.GroupDeliveryBenchmark [instances=2] [rate=5000] [seconds=30] [groups=100]}.
 */
public final class GroupDeliveryBenchmark {

	private static final String WARM_UP = "\"phase\":\"warm-up\"";

	private static final String MEASURED = "\"phase\":\"measured\"";

	private static final String SECRET = "benchmark-secret-benchmark-secret-0123456789";

	private final int instances;

	private final int rate;

	private final Duration duration;

	private final int groups;

	public GroupDeliveryBenchmark(int instances, int rate, Duration duration, int groups) {
		this.instances = instances;
		this.rate = rate;
		this.duration = duration;
		this.groups = groups;
	}

	public static void main(String[] args) {
		Map<String, String> options = new java.util.HashMap<>();
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], (pair.length > 1) ? pair[1] : "");
		}
		GroupDeliveryBenchmark benchmark = new GroupDeliveryBenchmark(
				Integer.parseInt(options.getOrDefault("instances", "2")),
				Integer.parseInt(options.getOrDefault("rate", "5000")),
				Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "30"))),
				Integer.parseInt(options.getOrDefault("groups", "100")));
		Duration warmUp = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "10")));
		Result result = benchmark.run(warmUp);
		System.out.println(result);
		System.exit(0);
	}

	/** Runs a warm-up (not measured), then the measured period. */
	public Result run(Duration warmUp) {
		String redisPrefix = TestRedisPrefix.unique();
		ConfigurableApplicationContext publisherSide = start(redisPrefix);
		ConfigurableApplicationContext receiverSide = (this.instances == 2) ? start(redisPrefix) : publisherSide;
		List<Disposable> clients = new ArrayList<>();
		try {
			Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(10), 3);
			LongAdder received = new LongAdder();
			BenchmarkUser user = BenchmarkUser.signUp(port(receiverSide));
			AtomicInteger ready = new AtomicInteger();
			// One connection per client, not a pool (whose default size would cap the clients).
			WebSocketClient client = new ReactorNettyWebSocketClient(HttpClient.create(ConnectionProvider.newConnection()));
			URI uri = URI.create("ws://localhost:" + port(receiverSide) + "/taxi/?token=" + user.access());
			for (int i = 0; i < this.groups; i++) {
				clients.add(client.execute(uri, (session) -> {
					ready.incrementAndGet();
					return session.receive().doOnNext((frame) -> {
						String text = frame.getPayloadAsText();
						long sent = sentAt(text);
						// Warm-up messages may still arrive after the measured run began: leave them out.
						if (sent > 0 && text.contains(MEASURED)) {
							latencies.recordValue(Math.max(0, System.nanoTime() - sent));
							received.increment();
						}
					}).then();
				}).subscribe());
			}
			awaitMembers(receiverSide.getBean(GroupsPerConnection.class), this.groups);
			ChannelLayer layer = publisherSide.getBean(ChannelLayer.class);
			publish(layer, warmUp, WARM_UP);
			long published = publish(layer, this.duration, MEASURED);
			awaitDeliveries(received, published);
			Histogram histogram = latencies.getIntervalHistogram();
			return new Result(this.instances, this.rate, this.duration, this.groups, published, received.sum(), histogram);
		}
		finally {
			clients.forEach(Disposable::dispose);
			if (receiverSide != publisherSide) {
				receiverSide.close();
			}
			publisherSide.close();
		}
	}

	/** Sends {@code rate} messages a second, each to the next group, from a plain thread. */
	private long publish(ChannelLayer layer, Duration period, String phase) {
		long intervalNanos = 1_000_000_000L / this.rate;
		long start = System.nanoTime();
		long end = start + period.toNanos();
		long sequence = 0;
		long next = start;
		while (next < end) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			String group = "bench:" + (sequence % this.groups);
			String frame = "{\"type\":\"echo.message\",\"data\":{" + phase + ",\"seq\":" + sequence + ",\"sent\":"
					+ System.nanoTime() + "}}";
			layer.groupSend(group, ChannelMessage.of(Map.of("v1", frame))).subscribe();
			sequence++;
			next = start + sequence * intervalNanos;
		}
		return sequence;
	}

	private static long sentAt(String frame) {
		int at = frame.indexOf("\"sent\":");
		if (at < 0) {
			return -1;
		}
		int from = at + 7;
		int to = from;
		while (to < frame.length() && Character.isDigit(frame.charAt(to))) {
			to++;
		}
		return Long.parseLong(frame, from, to, 10);
	}

	private static void awaitMembers(GroupsPerConnection listener, int groups) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (listener.joined() < groups) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + listener.joined() + " of " + groups + " clients joined");
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

	private static void awaitDeliveries(LongAdder received, long expected) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (received.sum() < expected && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

	private static ConfigurableApplicationContext start(String redisPrefix) {
		return new SpringApplicationBuilder(TaxiApplication.class, BenchmarkGroups.class).profiles("redis")
			.run("--server.port=0", "--management.server.port=0", "--taxi.jwt.secret=" + SECRET, "--logging.level.root=WARN",
					"--taxi.channels.max-messages-per-second=1000",
					"--taxi.channels.max-connections-per-user=100000", "--taxi.channels.outbound-queue=4096",
					TestRedisPrefix.argument(redisPrefix));
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	/** Puts each connection of this instance into a group of its own: {@code bench:0}, {@code bench:1}, … */
	@Configuration(proxyBeanMethods = false)
	static class BenchmarkGroups {

		@Bean
		GroupsPerConnection groupsPerConnection() {
			return new GroupsPerConnection();
		}

	}

	static final class GroupsPerConnection implements ConnectionListener {

		private final AtomicInteger next = new AtomicInteger();

		private final AtomicInteger joined = new AtomicInteger();

		@Override
		public Mono<Void> onConnect(Connection connection) {
			return connection.join("bench:" + this.next.getAndIncrement()).doOnSuccess((v) -> this.joined.incrementAndGet());
		}

		int joined() {
			return this.joined.get();
		}

	}

	/** What a run measured. Latencies in microseconds. */
	public record Result(int instances, int rate, Duration duration, int groups, long published, long received,
			Histogram latencies) {

		public double percentileMicros(double percentile) {
			return this.latencies.getValueAtPercentile(percentile) / 1000.0;
		}

		@Override
		public String toString() {
			return String.format(
					"instances=%d rate=%d/s duration=%ss groups=%d published=%d received=%d lost=%d | latency ms: "
							+ "p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f",
					this.instances, this.rate, this.duration.toSeconds(), this.groups, this.published, this.received,
					this.published - this.received, percentileMicros(50) / 1000, percentileMicros(90) / 1000,
					percentileMicros(99) / 1000, percentileMicros(99.9) / 1000, this.latencies.getMaxValue() / 1e6);
		}

	}

}
