package dev.taxi.channels.redis;

import java.time.Duration;
import java.util.Map;

import dev.taxi.test.RequiredServices;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiInstances;
import dev.taxi.test.TestRedisPrefix;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances in the {@code redis} profile start while their Redis (the test's own) is not
 * running: they serve REST, say they are not ready and refuse WebSocket handshakes with 503, and
 * as soon as Redis answers they are ready, take sockets and hear each other.
 */
@ExtendWith(RequiredServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStartWithoutRedisTests {

	/** The longest wait between two attempts to reach Redis, and some time to subscribe. */
	private static final Duration JOINED = Duration.ofSeconds(2);

	private RedisServer redis;

	private ConfigurableApplicationContext one;

	private ConfigurableApplicationContext two;

	@BeforeAll
	void startWithoutRedis() {
		this.redis = RedisServer.onFreePort();
		String prefix = TestRedisPrefix.unique();
		this.one = TaxiInstances.start(prefix, "--spring.data.redis.url=" + this.redis.uri());
		this.two = TaxiInstances.start(prefix, "--spring.data.redis.url=" + this.redis.uri());
	}

	@AfterAll
	void stop() {
		if (this.two != null) {
			this.two.close();
		}
		if (this.one != null) {
			this.one.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void instancesStartedWithoutRedisServeRestAndJoinEachOtherOnceRedisAnswers() {
		TaxiApi a = TaxiInstances.api(this.one);
		TaxiApi b = TaxiInstances.api(this.two);
		TestUser rider = a.rider();
		TestUser driver = b.driver();
		a.http().get().uri("/api/trip/").headers((headers) -> headers.setBearerAuth(rider.access()))
			.exchange().expectStatus().isOk();

		for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] { this.one, this.two }) {
			TaxiInstances.api(instance).http().get().uri("/actuator/health/readiness").exchange()
				.expectStatus().isEqualTo(503).expectBody().json("{\"status\": \"DOWN\"}", JsonCompareMode.STRICT);
			JsonNode readiness = TaxiInstances.management(instance).http().get().uri("/actuator/health/readiness")
				.exchange().expectStatus().isEqualTo(503).expectBody(JsonNode.class).returnResult().getResponseBody();
			assertThat(readiness.path("status").asString()).isEqualTo("DOWN");
			assertThat(readiness.path("components").path("redisChannels").path("status").asString()).isEqualTo("DOWN");
			TaxiInstances.api(instance).http().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		}
		a.http().get().uri("/taxi/?token={token}", rider.access()).exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.status").isEqualTo(503);
		try (SocketClient refused = SocketClient.attempt(b.socketUri(driver.access()), new HttpHeaders(), TaxiApi.V2)) {
			assertThat(refused.isOpen()).as("handshake accepted without Redis").isFalse();
		}

		this.redis.start();
		long answered = System.nanoTime();
		await().atMost(JOINED).pollInterval(Duration.ofMillis(20))
			.until(() -> RedisOutageResyncTests.isReady(a) && RedisOutageResyncTests.isReady(b));
		System.out.printf("Both instances ready %d ms after Redis answered%n",
				Duration.ofNanos(System.nanoTime() - answered).toMillis());

		try (SocketClient riderSocket = a.connectV2(rider); SocketClient driverSocket = b.connectV2(driver)) {
			riderSocket.sendJson(Map.of("type", "create.trip", "id", "create", "data",
					Map.of("pick_up_address", "5 Late Start Street", "drop_off_address", "6 Joined Avenue")));
			JsonNode created = riderSocket.next();
			assertThat(created.path("type").asString()).isEqualTo("trip.created");
			String trip = created.path("data").path("id").asString();
			JsonNode requested = driverSocket.next();
			assertThat(requested.path("type").asString()).isEqualTo("trip.requested");
			assertThat(requested.path("data").path("id").asString()).isEqualTo(trip);

			driverSocket.send("update.trip", Map.of("id", trip, "status", "STARTED"));
			JsonNode accepted = riderSocket.next();
			assertThat(accepted.path("type").asString()).isEqualTo("trip.updated");
			assertThat(accepted.path("data").path("driver").path("id").asLong()).isEqualTo(driver.id());
		}
	}

}
