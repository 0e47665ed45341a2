package dev.taxi.channels.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.taxi.test.RequiredServices;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiInstances;
import dev.taxi.test.TestRedisPrefix;
import dev.taxi.test.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What clients see of a Redis outage between two instances, the whole application each, on the
 * real PostgreSQL and a Redis of the test's own that it kills and starts again: a rider on one
 * instance (v2, and v1 on a second socket), a driver on the other. Whatever happened meanwhile
 * (an accept, a chat message, a new request) is stored but reaches nobody on the other instance;
 * once Redis answers again every client's view is right within {@link #RECOVERED} without it doing
 * anything, and the instances hear each other live again.
 */
@ExtendWith(RequiredServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageResyncTests {

	/** From Redis answering again to every client's view being right. */
	private static final Duration RECOVERED = Duration.ofSeconds(2);

	/** Long enough for Lettuce's backoff between reconnect attempts to reach its cap (1 s). */
	private static final Duration OUTAGE = Duration.ofSeconds(3);

	private static final Duration NOTICED = Duration.ofSeconds(10);

	private RedisServer redis;

	private ConfigurableApplicationContext one;

	private ConfigurableApplicationContext two;

	@BeforeAll
	void start() {
		this.redis = RedisServer.onFreePort();
		this.redis.start();
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
	void afterAnOutageEveryClientIsToldWhatItMissedWithinTwoSecondsOfRedisAnsweringAgain() {
		TaxiApi a = TaxiInstances.api(this.one);
		TaxiApi b = TaxiInstances.api(this.two);
		TestUser rider = a.rider();
		TestUser otherRider = a.rider();
		TestUser driver = b.driver();
		try (SocketClient riderV2 = a.connectV2(rider); SocketClient otherRiderV2 = a.connectV2(otherRider);
				SocketClient driverV2 = b.connectV2(driver)) {
			riderV2.sendJson(Map.of("type", "create.trip", "id", "create", "data",
					Map.of("pick_up_address", "1 Outage Road", "drop_off_address", "2 Recovery Lane")));
			String trip = expect(riderV2, "trip.created").get("id").asString();
			assertThat(expect(driverV2, "trip.requested").get("id").asString()).isEqualTo(trip);
			// A v1 socket follows the trips its user has when it opens.
			try (SocketClient riderV1 = a.connect(rider)) {
				long redisLost = System.nanoTime();
				this.redis.kill();
				await().atMost(NOTICED).until(() -> !isReady(a) && !isReady(b));
				assertThat(handshakeStatus(a, rider)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

				// Stored, and heard on the instance where each happened only.
				driverV2.send("update.trip", Map.of("id", trip, "status", "STARTED"));
				assertThat(expect(driverV2, "trip.updated").get("status").asString()).isEqualTo("STARTED");
				expect(driverV2, "trip.taken");
				String said = "Stuck at the lights, two minutes";
				driverV2.send("chat.message", Map.of("trip_id", trip, "text", said));
				long chatId = expect(driverV2, "chat.message").get("id").asLong();
				otherRiderV2.sendJson(Map.of("type", "create.trip", "id", "later", "data",
						Map.of("pick_up_address", "3 Meanwhile Street", "drop_off_address", "4 Patience Square")));
				String laterTrip = expect(otherRiderV2, "trip.created").get("id").asString();
				riderV2.expectNothingElse();
				riderV1.expectNothingElse();
				driverV2.expectNothingElse();
				await().atMost(OUTAGE.plusSeconds(1)).until(() -> System.nanoTime() - redisLost >= OUTAGE.toNanos());

				this.redis.start();
				long answered = System.nanoTime();

				List<JsonNode> toRider = awaitFrames(riderV2, (frame) -> isTrip(frame, "trip.updated", trip, "STARTED"),
						(frame) -> "chat.message".equals(frame.path("type").asString())
								&& frame.path("data").path("id").asLong() == chatId);
				assertThat(toRider.get(0).path("data").path("driver").path("id").asLong()).isEqualTo(driver.id());
				assertThat(toRider.get(1).path("data").path("text").asString()).isEqualTo(said);
				awaitFrame(riderV1, (frame) -> isTrip(frame, "echo.message", trip, "STARTED"));
				awaitFrame(driverV2, (frame) -> isTrip(frame, "trip.requested", laterTrip, "REQUESTED"));
				long rightAfter = System.nanoTime() - answered;
				System.out.printf("Every client's view was right %d ms after Redis answered again%n",
						Duration.ofNanos(rightAfter).toMillis());
				assertThat(Duration.ofNanos(rightAfter)).isLessThanOrEqualTo(RECOVERED);

				await().atMost(NOTICED).until(() -> isReady(a) && isReady(b));
				// Live again, both ways.
				driverV2.send("update.trip", Map.of("id", trip, "status", "IN_PROGRESS"));
				awaitFrame(riderV2, (frame) -> isTrip(frame, "trip.updated", trip, "IN_PROGRESS"));
				awaitFrame(riderV1, (frame) -> isTrip(frame, "echo.message", trip, "IN_PROGRESS"));
				riderV2.send("chat.message", Map.of("trip_id", trip, "text", "I see you"));
				awaitFrame(driverV2, (frame) -> "chat.message".equals(frame.path("type").asString())
						&& "I see you".equals(frame.path("data").path("text").asString()));
			}
		}
		assertThat(handlerFailures(this.one) + handlerFailures(this.two)).isZero();
	}

	/** The next frames up to the one a test waits for; those before it (repeats of what was told) are skipped. */
	private static JsonNode awaitFrame(SocketClient socket, Predicate<JsonNode> wanted) {
		return awaitFrames(socket, wanted).get(0);
	}

	/** Frames matching each of these, in whatever order they come; others (repeats) are skipped. */
	@SafeVarargs
	private static List<JsonNode> awaitFrames(SocketClient socket, Predicate<JsonNode>... wanted) {
		JsonNode[] found = new JsonNode[wanted.length];
		int missing = wanted.length;
		while (missing > 0) {
			JsonNode frame = socket.next();
			for (int i = 0; i < wanted.length; i++) {
				if (found[i] == null && wanted[i].test(frame)) {
					found[i] = frame;
					missing--;
					break;
				}
			}
		}
		return List.of(found);
	}

	private static JsonNode expect(SocketClient socket, String type) {
		JsonNode frame = socket.next();
		assertThat(frame.path("type").asString()).as("type of %s", frame).isEqualTo(type);
		return frame.get("data");
	}

	private static boolean isTrip(JsonNode frame, String type, String trip, String status) {
		return type.equals(frame.path("type").asString()) && trip.equals(frame.path("data").path("id").asString())
				&& status.equals(frame.path("data").path("status").asString());
	}

	static boolean isReady(TaxiApi api) {
		return api.http().get().uri("/actuator/health/readiness").exchange().returnResult(String.class)
			.getStatus().is2xxSuccessful();
	}

	/** What a WebSocket handshake's request is answered, before any upgrade. */
	static HttpStatus handshakeStatus(TaxiApi api, TestUser user) {
		return HttpStatus.valueOf(api.http().get().uri("/taxi/?token={token}", user.access()).exchange()
			.returnResult(String.class).getStatus().value());
	}

	private static double handlerFailures(ConfigurableApplicationContext instance) {
		return instance.getBean(MeterRegistry.class).counter("taxi.ws.handler.failures").count();
	}

}
