package dev.taxi.location;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import dev.taxi.redis.OnDemandRedisConnection;
import dev.taxi.test.RequiredServices;
import dev.taxi.test.TestRedisPrefix;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Last positions kept in the shared Redis on localhost, written in batches: whatever the burst,
 * each driver's latest position is the one kept, with the expiry, soon after it was reported.
 */
@ExtendWith(RequiredServices.class)
class RedisLastPositionsTests {

	private static final Duration TTL = Duration.ofMinutes(10);

	private final RedisClient client = RedisClient.create("redis://localhost:6379");

	private final OnDemandRedisConnection connection = OnDemandRedisConnection.of(this.client);

	private final String prefix = TestRedisPrefix.unique();

	private final RedisLastPositions positions = new RedisLastPositions(this.connection, this.prefix, TTL,
			JsonMapper.builder().findAndAddModules().build());

	@AfterEach
	void close() {
		this.connection.close();
		this.client.shutdown();
	}

	@Test
	void aLonePositionIsKeptAtOnceWithItsExpiry() {
		Position position = new Position(52.52, 13.405, 90.0, 12.5, Instant.parse("2026-12-03T08:00:00Z"));
		this.positions.put(7, position).block(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(2)).untilAsserted(
				() -> assertThat(this.positions.get(7).block(Duration.ofSeconds(5))).isEqualTo(position));
		try (StatefulRedisConnection<String, String> redis = this.client.connect()) {
			assertThat(redis.sync().pttl(this.prefix + ":location:7")).isBetween(TTL.toMillis() - 60_000, TTL.toMillis());
		}
		assertThat(this.positions.get(8).blockOptional(Duration.ofSeconds(5))).as("a driver who reported nothing").isEmpty();
	}

	@Test
	void aBurstFromManyThreadsKeepsEachDriversLatestPosition() throws Exception {
		int drivers = 300;
		int updatesEach = 20;
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<CompletableFuture<Void>> senders = new ArrayList<>();
			for (int shard = 0; shard < 4; shard++) {
				int first = shard;
				senders.add(CompletableFuture.runAsync(() -> {
					for (int update = 1; update <= updatesEach; update++) {
						for (int driver = first; driver < drivers; driver += 4) {
							this.positions.put(driver, position(driver, update));
						}
					}
				}, threads));
			}
			CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get();
		}
		finally {
			threads.shutdown();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> IntStream.range(0, drivers)
			.forEach((driver) -> assertThat(this.positions.get(driver).block(Duration.ofSeconds(5)))
				.as("last position of driver %d", driver)
				.isEqualTo(position(driver, updatesEach))));
	}

	private static Position position(int driver, int update) {
		return new Position(driver / 10.0, update, null, (double) update, Instant.ofEpochSecond(1_800_000_000L + update));
	}

}
