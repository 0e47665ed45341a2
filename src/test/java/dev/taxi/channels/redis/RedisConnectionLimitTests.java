package dev.taxi.channels.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taxi.test.TestRedisPrefix;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-user socket limit of several instances counted on a Redis server of the test's own:
 * each instance here is a {@link RedisConnectionLimit} as the application builds it, with a
 * short lease, its heartbeats driven by the test. A user holds at most the limit across all of
 * them; an instance that vanishes without a word stops counting after its lease, one that stops
 * at once; while Redis is away the limit holds per instance, and what Redis missed is written
 * again when it is back, even if it lost everything.
 */
class RedisConnectionLimitTests {

	private static final Duration LEASE = Duration.ofMillis(900);

	private static final int LIMIT = 3;

	private RedisServer server;

	private ClientResources resources;

	private final List<RedisClient> clients = new ArrayList<>();

	private final List<RedisConnectionLimit> instances = new ArrayList<>();

	private String prefix;

	@BeforeEach
	void start() {
		this.server = RedisServer.onFreePort();
		this.server.start();
		// Reconnect at once once Redis is back, as the application's capped backoff does.
		this.resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(50))).build();
		this.prefix = TestRedisPrefix.unique();
	}

	@AfterEach
	void stop() {
		this.instances.forEach(RedisConnectionLimit::stop);
		this.clients.forEach(RedisClient::shutdown);
		this.resources.shutdown();
		this.server.close();
	}

	/** An instance that has beaten once; it beats again only when the test says so. */
	private RedisConnectionLimit instance(String id) {
		RedisClient client = RedisClient.create(this.resources, this.server.uri());
		client.setOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		this.clients.add(client);
		RedisConnectionLimit instance = new RedisConnectionLimit(client, this.prefix, id, LIMIT, LEASE);
		this.instances.add(instance);
		instance.beat().block(Duration.ofSeconds(5));
		return instance;
	}

	private static boolean open(RedisConnectionLimit instance, String user) {
		return instance.tryOpen(user).block(Duration.ofSeconds(5));
	}

	private Map<String, String> counts(String user) {
		RedisClient client = RedisClient.create(this.resources, this.server.uri());
		try (StatefulRedisConnection<String, String> redis = client.connect()) {
			return redis.sync().hgetall(this.prefix + ":sockets:" + user);
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void aUserHoldsAtMostTheLimitAcrossInstances() {
		RedisConnectionLimit a = instance("a");
		RedisConnectionLimit b = instance("b");
		assertThat(open(a, "alice")).isTrue();
		assertThat(open(a, "alice")).isTrue();
		assertThat(open(b, "alice")).isTrue();
		assertThat(open(b, "alice")).as("a fourth socket, on the instance with only one").isFalse();
		assertThat(open(a, "alice")).isFalse();
		assertThat(open(b, "bob")).as("another user").isTrue();
		assertThat(counts("alice")).isEqualTo(Map.of("a", "2", "b", "1"));

		a.closed("alice");
		await().atMost(Duration.ofSeconds(5)).until(() -> open(b, "alice"));
		assertThat(counts("alice")).isEqualTo(Map.of("a", "1", "b", "2"));
		b.closed("alice");
		b.closed("alice");
		a.closed("alice");
		await().atMost(Duration.ofSeconds(5)).until(() -> counts("alice").isEmpty());
	}

	@Test
	void anInstanceThatVanishesWithoutAWordLocksNobodyOutLongerThanItsLease() {
		RedisConnectionLimit killed = instance("killed");
		RedisConnectionLimit survivor = instance("survivor");
		for (int i = 0; i < LIMIT; i++) {
			assertThat(open(killed, "alice")).isTrue();
		}
		// It never beats again and never says goodbye, as with kill -9.
		assertThat(open(survivor, "alice")).isFalse();
		long start = System.nanoTime();
		await().atMost(LEASE.plusSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> open(survivor, "alice"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LEASE.plusSeconds(1));
		assertThat(counts("alice")).as("the vanished instance's count is gone").isEqualTo(Map.of("survivor", "1"));
	}

	@Test
	void anInstanceThatStopsWithdrawsItsCountsAtOnce() {
		RedisConnectionLimit stopping = instance("stopping");
		stopping.start();
		RedisConnectionLimit other = instance("other");
		for (int i = 0; i < LIMIT; i++) {
			assertThat(open(stopping, "alice")).isTrue();
		}
		assertThat(open(other, "alice")).isFalse();
		stopping.stop();
		assertThat(open(other, "alice")).isTrue();
	}

	@Test
	void whileRedisIsAwayTheLimitHoldsPerInstanceAndWhatRedisMissedIsWrittenAgain() {
		RedisConnectionLimit a = instance("a");
		RedisConnectionLimit b = instance("b");
		assertThat(open(a, "alice")).isTrue();
		assertThat(open(a, "alice")).isTrue();

		this.server.kill();
		assertThat(open(a, "alice")).as("within the limit on this instance").isTrue();
		assertThat(open(a, "alice")).as("past the limit on this instance").isFalse();
		a.closed("alice");
		a.closed("alice");

		// Back, but empty: it kept nothing. The next beat writes this instance's counts again.
		this.server.start();
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			a.beat().block(Duration.ofSeconds(2));
			return counts("alice").equals(Map.of("a", "1"));
		});
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			b.beat().block(Duration.ofSeconds(2));
			return true;
		});
		assertThat(open(b, "alice")).isTrue();
		assertThat(open(b, "alice")).isTrue();
		assertThat(open(b, "alice")).isFalse();
		assertThat(counts("alice")).isEqualTo(Map.of("a", "1", "b", "2"));
	}

}
