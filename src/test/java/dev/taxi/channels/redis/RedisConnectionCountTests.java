package dev.taxi.channels.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.taxi.channels.socket.Connection;
import dev.taxi.channels.socket.TestConnections;
import dev.taxi.redis.OnDemandRedisConnection;
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
 * each instance here is a {@link RedisConnectionCount} as the application builds it, with a short
 * lease. A user holds at most the limit across all of them; an instance that stops vouching for
 * its sockets (killed) stops counting after the lease, one that vouches keeps them counted; while
 * Redis does not answer, sockets are let in, and counted once it answers again, even if it lost
 * everything.
 */
class RedisConnectionCountTests {

	private static final Duration LEASE = Duration.ofMillis(900);

	private static final int LIMIT = 3;

	private RedisServer server;

	private ClientResources resources;

	private final List<RedisClient> clients = new ArrayList<>();

	private final List<RedisConnectionCount> instances = new ArrayList<>();

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
		this.instances.forEach(RedisConnectionCount::stop);
		this.clients.forEach(RedisClient::shutdown);
		this.resources.shutdown();
		this.server.close();
	}

	private RedisConnectionCount instance() {
		RedisClient client = RedisClient.create(this.resources, this.server.uri());
		client.setOptions(ClientOptions.builder().disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		this.clients.add(client);
		RedisConnectionCount instance = new RedisConnectionCount(OnDemandRedisConnection.of(client), this.prefix, LIMIT, LEASE);
		this.instances.add(instance);
		return instance;
	}

	private static Connection socket(String user) {
		return TestConnections.of(user, "instance!" + UUID.randomUUID());
	}

	private static boolean admit(RedisConnectionCount instance, Connection socket) {
		return instance.admit(socket).block(Duration.ofSeconds(5));
	}

	private static boolean open(RedisConnectionCount instance, String user) {
		return admit(instance, socket(user));
	}

	private long counted(String user) {
		RedisClient client = RedisClient.create(this.resources, this.server.uri());
		try (StatefulRedisConnection<String, String> redis = client.connect()) {
			return redis.sync().zcard(this.prefix + ":sockets:" + user);
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void aUserHoldsAtMostTheLimitAcrossInstancesAndAClosedSocketFreesItsPlace() {
		RedisConnectionCount a = instance();
		RedisConnectionCount b = instance();
		Connection first = socket("alice");
		assertThat(admit(a, first)).isTrue();
		assertThat(open(a, "alice")).isTrue();
		assertThat(open(b, "alice")).isTrue();
		assertThat(open(b, "alice")).as("a fourth socket, on the instance with only one").isFalse();
		assertThat(open(a, "alice")).isFalse();
		assertThat(open(b, "bob")).as("another user").isTrue();
		assertThat(counted("alice")).isEqualTo(LIMIT);

		a.ended(first).block(Duration.ofSeconds(5));
		assertThat(counted("alice")).isEqualTo(LIMIT - 1);
		assertThat(open(b, "alice")).isTrue();
	}

	@Test
	void socketsOfAnInstanceThatStopsVouchingForThemStopCountingAfterTheLease() {
		RedisConnectionCount vouching = instance();
		vouching.start();
		RedisConnectionCount killed = instance();
		RedisConnectionCount other = instance();
		for (int i = 0; i < LIMIT; i++) {
			assertThat(open(vouching, "alice")).isTrue();
			assertThat(open(killed, "bob")).isTrue();
		}
		long start = System.nanoTime();
		await().atMost(LEASE.plusSeconds(2)).pollInterval(Duration.ofMillis(50)).until(() -> open(other, "bob"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LEASE.plusSeconds(1));
		assertThat(open(other, "alice")).as("alice's sockets were vouched for all along").isFalse();
	}

	@Test
	void whileRedisDoesNotAnswerSocketsAreLetInAndTheyAreCountedOnceItIsBack() {
		RedisConnectionCount a = instance();
		RedisConnectionCount b = instance();
		assertThat(open(a, "alice")).isTrue();

		this.server.kill();
		assertThat(open(a, "alice")).as("counted on this instance only").isTrue();
		assertThat(open(a, "alice")).isTrue();

		// Back, but empty: it kept nothing. Vouching counts this instance's sockets again.
		this.server.start();
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			a.vouch().block(Duration.ofSeconds(2));
			return counted("alice") == LIMIT;
		});
		assertThat(open(b, "alice")).isFalse();
	}

}
