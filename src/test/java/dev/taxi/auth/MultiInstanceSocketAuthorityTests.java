package dev.taxi.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.taxi.test.KillableInstance;
import dev.taxi.test.RequiredServices;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiInstances;
import dev.taxi.test.TestRedisPrefix;
import dev.taxi.test.TestUser;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances sharing the real PostgreSQL and Redis on localhost (under a Redis prefix of their
 * own): a user deactivated or deleted in the database loses every socket on both within five
 * seconds, and a user's sockets are counted against {@code taxi.channels.max-connections-per-user}
 * across both, and across a third instance in a process of its own until it is killed.
 */
@ExtendWith(RequiredServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiInstanceSocketAuthorityTests {

	private static final int LIMIT = 4;

	private static final Duration LEASE = Duration.ofSeconds(3);

	private static final String[] ARGUMENTS = { "--taxi.channels.max-connections-per-user=" + LIMIT,
			"--taxi.channels.redis.socket-lease=" + LEASE.toMillis() + "ms" };

	private String prefix;

	private ConfigurableApplicationContext one;

	private ConfigurableApplicationContext two;

	private RedisClient redisClient;

	private StatefulRedisConnection<String, String> redis;

	@BeforeAll
	void startTwoInstances() {
		this.prefix = TestRedisPrefix.unique();
		this.one = TaxiInstances.start(this.prefix, ARGUMENTS);
		this.two = TaxiInstances.start(this.prefix, ARGUMENTS);
		this.redisClient = RedisClient.create("redis://localhost:6379");
		this.redis = this.redisClient.connect();
	}

	@AfterAll
	void stopInstances() {
		if (this.two != null) {
			this.two.close();
		}
		if (this.one != null) {
			this.one.close();
		}
		if (this.redis != null) {
			List<String> keys = this.redis.sync().keys(this.prefix + ":*");
			if (!keys.isEmpty()) {
				this.redis.sync().del(keys.toArray(String[]::new));
			}
			this.redis.close();
			this.redisClient.shutdown();
		}
	}

	@Test
	void aDeactivatedUserLosesEverySocketOnEveryInstanceWithin5Seconds() {
		TaxiApi a = TaxiInstances.api(this.one);
		TaxiApi b = TaxiInstances.api(this.two);
		TestUser rider = a.rider();
		TestUser deleted = b.driver();
		TestUser bystander = b.driver();
		try (SocketClient v1OnA = a.connect(rider); SocketClient v2OnA = a.connectV2(rider);
				SocketClient v1OnB = b.connect(rider); SocketClient v2OnB = b.connectV2(rider);
				SocketClient deletedV1OnA = a.connect(deleted); SocketClient deletedV2OnB = b.connectV2(deleted);
				SocketClient bystanderOnA = a.connectV2(bystander); SocketClient bystanderOnB = b.connect(bystander)) {
			long start = System.nanoTime();
			update("UPDATE users SET active = FALSE WHERE id = :id", rider);
			update("DELETE FROM users WHERE id = :id", deleted);
			for (SocketClient socket : List.of(v1OnA, v2OnA, v1OnB, v2OnB, deletedV1OnA, deletedV2OnB)) {
				assertThat(socket.awaitClose().getCode()).isEqualTo(4403);
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			bystanderOnA.expectNothingElse();
			bystanderOnB.expectNothingElse();

			// Nothing opens again for them: neither REST nor a new socket, on either instance.
			for (TaxiApi api : List.of(a, b)) {
				api.http().get().uri("/api/me/").headers((headers) -> headers.setBearerAuth(rider.access())).exchange()
					.expectStatus().isUnauthorized();
				try (SocketClient again = SocketClient.attempt(api.socketUri(rider.access()), new HttpHeaders())) {
					assertThat(again.isOpen()).isFalse();
				}
			}
		}
	}

	@Test
	void aUsersSocketsAreCountedAcrossInstances() {
		TaxiApi a = TaxiInstances.api(this.one);
		TaxiApi b = TaxiInstances.api(this.two);
		TestUser rider = a.rider();
		List<SocketClient> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < LIMIT / 2; i++) {
				sockets.add(a.connect(rider));
				sockets.add(b.connectV2(rider));
			}
			for (TaxiApi api : List.of(a, b)) {
				try (SocketClient oneTooMany = SocketClient.attempt(api.socketUri(rider.access()), new HttpHeaders())) {
					assertThat(oneTooMany.awaitClose().getCode()).isEqualTo(1008);
				}
			}
			// Another user is not affected, and a socket closed on one instance frees a place on the other.
			b.connect(b.rider()).close();
			sockets.remove(0).close();
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				SocketClient again = SocketClient.attempt(b.socketUri(rider.access()), new HttpHeaders());
				sockets.add(again);
				return again.answersEcho();
			});
		}
		finally {
			sockets.forEach(SocketClient::close);
		}
	}

	@Test
	void anInstanceKilledWithoutClosingItsSocketsLocksNobodyOutLongerThanTheLease() throws Exception {
		TaxiApi a = TaxiInstances.api(this.one);
		TestUser rider = a.rider();
		List<SocketClient> sockets = new ArrayList<>();
		try (KillableInstance doomed = KillableInstance.start(this.prefix, ARGUMENTS)) {
			TaxiApi c = doomed.api();
			for (int i = 0; i < LIMIT; i++) {
				sockets.add(c.connect(rider));
			}
			try (SocketClient oneTooMany = SocketClient.attempt(a.socketUri(rider.access()), new HttpHeaders())) {
				assertThat(oneTooMany.awaitClose().getCode()).as("the sockets on the other process count").isEqualTo(1008);
			}
			doomed.kill();
			long killed = System.nanoTime();
			await().atMost(LEASE.plusSeconds(10)).until(() -> {
				SocketClient again = SocketClient.attempt(a.socketUri(rider.access()), new HttpHeaders());
				sockets.add(again);
				return again.answersEcho();
			});
			assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(LEASE.plusSeconds(3));
		}
		finally {
			sockets.forEach(SocketClient::close);
		}
	}

	/** What an operator does in SQL: there is no endpoint for it. */
	private void update(String sql, TestUser user) {
		Long updated = this.one.getBean(DatabaseClient.class)
			.sql(sql)
			.bind("id", user.id())
			.fetch()
			.rowsUpdated()
			.block(Duration.ofSeconds(10));
		assertThat(updated).isEqualTo(1);
	}

}
