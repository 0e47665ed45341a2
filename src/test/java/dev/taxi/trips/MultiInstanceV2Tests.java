package dev.taxi.trips;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * v2 across two instances sharing the real PostgreSQL and Redis on localhost (under a Redis prefix
 * of their own): the rider on one, the driver on the other, and cancellation, give-back, live
 * location (and the last position after a reconnect), chat and subscriptions reach exactly whom
 * they reach on one instance. Each test checks those who must hear and, in the same test, that
 * those who must not hear nothing ({@link SocketClient#expectNothingElse()}).
 */
@ExtendWith(RequiredServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiInstanceV2Tests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	/** Server events that reach a group: the same bytes for every member, so never a {@code ref}. */
	private static final Set<String> GROUP_EVENTS = Set.of("trip.requested", "trip.updated", "trip.taken",
			"trip.canceled", "chat.message", "driver.location");

	private ConfigurableApplicationContext one;

	private ConfigurableApplicationContext two;

	@BeforeAll
	void startTwoInstances() {
		String redisPrefix = TestRedisPrefix.unique();
		this.one = startInstance(redisPrefix);
		this.two = startInstance(redisPrefix);
	}

	private static ConfigurableApplicationContext startInstance(String redisPrefix) {
		// A test sends a few positions in quick succession: none may be dropped as over the rate.
		return TaxiInstances.start(redisPrefix, "--taxi.location.max-per-second=1000");
	}

	@AfterAll
	void stopInstances() {
		if (this.two != null) {
			this.two.close();
		}
		if (this.one != null) {
			this.one.close();
		}
	}

	private static TaxiApi api(ConfigurableApplicationContext instance) {
		return TaxiInstances.api(instance);
	}

	@Test
	void riderCancelsAStartedTripAndOnlyItsDriverOnTheOtherInstanceHearsIt() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		TestUser driver = b.driver();
		TestUser bystander = a.driver();
		try (SocketClient riderSocket = connectV2(a, rider); SocketClient driverSocket = connectV2(b, driver);
				SocketClient bystanderSocket = connectV2(a, bystander);
				SocketClient bystanderOnB = connectV2(b, b.driver())) {
			JsonNode trip = requestTrip(riderSocket, driverSocket, bystanderSocket, bystanderOnB);
			accept(trip, driver, driverSocket, riderSocket, bystanderSocket, bystanderOnB);
			// On its way: the driver's position reaches the rider on the other instance.
			driverSocket.send("update.location", Map.of("lat", 48.8530, "lng", 2.3499));
			assertPosition(expect(riderSocket, "driver.location"), trip, driver, 48.8530, 2.3499);

			riderSocket.sendJson(Map.of("type", "cancel.trip", "id", "cancel-1", "data", Map.of("id", id(trip))));
			JsonNode canceled = expect(riderSocket, "trip.canceled");
			assertThat(canceled.get("id").asString()).isEqualTo(id(trip));
			assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
			assertThat(expect(driverSocket, "trip.canceled")).isEqualTo(canceled);
			assertThat(restTrip(b, rider, trip).get("status").asString()).isEqualTo("CANCELED");

			// Cancelled on the rider's instance, it is no active trip on the driver's either: his next
			// position reaches no one (the rider least of all), and he is not told off.
			driverSocket.send("update.location", Map.of("lat", 48.8584, "lng", 2.2945));
			driverSocket.expectNothingElse();
			// Cancelling again is refused, told to the rider alone, and changes nothing.
			riderSocket.sendJson(Map.of("type", "cancel.trip", "id", "cancel-2", "data", Map.of("id", id(trip))));
			expectError(riderSocket, "conflict", "cancel-2");
			assertThat(restTrip(a, rider, trip).get("status").asString()).isEqualTo("CANCELED");
			expectNothingElseOn(riderSocket, driverSocket, bystanderSocket, bystanderOnB);
		}
	}

	@Test
	void riderCancelsARequestedTripAndDriversOnBothInstancesHearIt() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		try (SocketClient riderSocket = connectV2(a, rider); SocketClient driverOnA = connectV2(a, a.driver());
				SocketClient driverOnB = connectV2(b, b.driver()); SocketClient v1DriverOnB = b.connect(b.driver());
				SocketClient otherRiderOnB = connectV2(b, b.rider())) {
			JsonNode trip = requestTrip(riderSocket, driverOnA, driverOnB);
			assertThat(v1DriverOnB.next()).isEqualTo(v1(trip));

			riderSocket.send("cancel.trip", Map.of("id", id(trip)));
			JsonNode canceled = expect(riderSocket, "trip.canceled");
			assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
			assertThat(canceled.get("driver").isNull()).isTrue();
			assertThat(expect(driverOnA, "trip.canceled")).isEqualTo(canceled);
			assertThat(expect(driverOnB, "trip.canceled")).isEqualTo(canceled);
			// A v1 driver hears of it as of any change: the trip, as echo.message.
			assertThat(v1DriverOnB.next()).isEqualTo(v1(canceled));
			assertThat(restTrip(b, rider, trip).get("status").asString()).isEqualTo("CANCELED");
			expectNothingElseOn(riderSocket, driverOnA, driverOnB, v1DriverOnB, otherRiderOnB);
		}
	}

	@Test
	void driverGivesBackATripAndTheRiderOnTheOtherInstanceHearsItUpdatedAndEveryDriverHearsItRequested() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		TestUser driver = b.driver();
		TestUser next = a.driver();
		try (SocketClient riderSocket = connectV2(a, rider); SocketClient driverSocket = connectV2(b, driver);
				SocketClient nextSocket = connectV2(a, next); SocketClient v1DriverOnA = a.connect(a.driver())) {
			JsonNode trip = requestTrip(riderSocket, driverSocket, nextSocket);
			v1DriverOnA.next();
			// v1 drivers are not told that a trip was taken (the reference client has no such event).
			accept(trip, driver, driverSocket, riderSocket, nextSocket);

			driverSocket.send("cancel.trip", Map.of("id", id(trip)));
			JsonNode givenBack = expect(riderSocket, "trip.updated");
			assertThat(givenBack.get("id").asString()).isEqualTo(id(trip));
			assertThat(givenBack.get("status").asString()).isEqualTo("REQUESTED");
			assertThat(givenBack.get("driver").isNull()).isTrue();
			// The driver who gave it back hears it offered again, like every driver, and nothing else.
			assertThat(expect(driverSocket, "trip.requested")).isEqualTo(givenBack);
			assertThat(expect(nextSocket, "trip.requested")).isEqualTo(givenBack);
			assertThat(v1DriverOnA.next()).isEqualTo(v1(givenBack));
			assertThat(restTrip(b, rider, trip).get("status").asString()).isEqualTo("REQUESTED");
			expectNothingElseOn(riderSocket, driverSocket, nextSocket, v1DriverOnA);

			// Another driver takes it: the one who gave it back hears it taken, no longer its updates.
			nextSocket.send("update.trip", Map.of("id", id(trip), "status", "STARTED"));
			Map<String, JsonNode> toNext = expectEach(nextSocket, "trip.updated", "trip.taken");
			JsonNode retaken = toNext.get("trip.updated");
			assertThat(retaken.get("driver").get("id").asLong()).isEqualTo(next.id());
			assertThat(expect(riderSocket, "trip.updated")).isEqualTo(retaken);
			assertThat(expect(driverSocket, "trip.taken")).isEqualTo(retaken);
			expectNothingElseOn(riderSocket, driverSocket, nextSocket, v1DriverOnA);
		}
	}

	@Test
	void positionSentOnOneInstanceReachesTheRiderOnTheOtherWhileTheTripIsActive() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = b.rider();
		TestUser driver = a.driver();
		try (SocketClient riderSocket = connectV2(b, rider); SocketClient driverSocket = connectV2(a, driver);
				SocketClient otherDriverOnB = connectV2(b, b.driver());
				SocketClient otherRiderOnB = connectV2(b, b.rider())) {
			JsonNode trip = requestTrip(riderSocket, driverSocket, otherDriverOnB);
			accept(trip, driver, driverSocket, riderSocket, otherDriverOnB);

			driverSocket.send("update.location", Map.of("lat", 52.5163, "lng", 13.3777, "heading", 90.5, "speed", 12.25));
			JsonNode position = expect(riderSocket, "driver.location");
			assertPosition(position, trip, driver, 52.5163, 13.3777);
			assertThat(position.get("heading").asDouble()).isEqualTo(90.5);
			assertThat(position.get("speed").asDouble()).isEqualTo(12.25);
			expectNothingElseOn(riderSocket, driverSocket, otherDriverOnB, otherRiderOnB);

			// Without heading and speed, still relayed, with nulls; also once the rider is on board.
			driverSocket.send("update.trip", Map.of("id", id(trip), "status", "IN_PROGRESS"));
			assertThat(expect(riderSocket, "trip.updated")).isEqualTo(expect(driverSocket, "trip.updated"));
			driverSocket.send("update.location", Map.of("lat", -33.8568, "lng", 151.2153));
			JsonNode onBoard = expect(riderSocket, "driver.location");
			assertPosition(onBoard, trip, driver, -33.8568, 151.2153);
			assertThat(onBoard.get("heading").isNull()).isTrue();
			assertThat(onBoard.get("speed").isNull()).isTrue();
			expectNothingElseOn(riderSocket, driverSocket, otherDriverOnB, otherRiderOnB);

			// Completed on one instance: the other no longer relays positions to the rider.
			driverSocket.send("update.trip", Map.of("id", id(trip), "status", "COMPLETED"));
			assertThat(expect(riderSocket, "trip.updated")).isEqualTo(expect(driverSocket, "trip.updated"));
			driverSocket.send("update.location", Map.of("lat", 1.0, "lng", 2.0));
			// The sender first: once it answered, whatever it published is on its way to the others.
			expectNothingElseOn(driverSocket, riderSocket, otherDriverOnB, otherRiderOnB);
		}
	}

	@Test
	void riderReconnectingOnEitherInstanceIsSentTheLastPositionAtOnce() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = b.rider();
		TestUser driver = a.driver();
		try (SocketClient driverSocket = connectV2(a, driver)) {
			JsonNode trip;
			try (SocketClient riderSocket = connectV2(b, rider)) {
				trip = requestTrip(riderSocket, driverSocket);
				accept(trip, driver, driverSocket, riderSocket);
				driverSocket.send("update.location", Map.of("lat", 40.7484, "lng", -73.9857, "heading", 10, "speed", 3));
				assertPosition(expect(riderSocket, "driver.location"), trip, driver, 40.7484, -73.9857);
			}
			// While the rider is away the driver moves on: the latest position is what a reconnect gets.
			driverSocket.send("update.location", Map.of("lat", 40.7527, "lng", -73.9772, "heading", 45, "speed", 7.5));
			driverSocket.expectNothingElse();

			// On the driver's instance, and on the other one (which read it from Redis).
			for (TaxiApi instance : List.of(a, b)) {
				try (SocketClient back = SocketClient.attempt(instance.socketUri(rider.access()), new HttpHeaders(),
						TaxiApi.V2)) {
					assertThat(back.isOpen()).as("handshake accepted").isTrue();
					assertThat(back.subprotocol()).isEqualTo(TaxiApi.V2);
					JsonNode last = expect(back, "driver.location");
					assertPosition(last, trip, driver, 40.7527, -73.9772);
					assertThat(last.get("heading").asDouble()).isEqualTo(45.0);
					assertThat(last.get("speed").asDouble()).isEqualTo(7.5);
					back.expectNothingElse();
				}
			}
			// Someone else connecting on either instance is sent no position.
			TestUser stranger = b.rider();
			connectV2(a, stranger).close();
			connectV2(b, stranger).close();
			driverSocket.expectNothingElse();
		}
	}

	@Test
	void riderAndDriverOnDifferentInstancesChatBothWaysAndNoOneElseHearsIt() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		TestUser driver = b.driver();
		try (SocketClient riderSocket = connectV2(a, rider); SocketClient driverSocket = connectV2(b, driver);
				SocketClient otherDriverOnA = connectV2(a, a.driver());
				SocketClient otherDriverOnB = connectV2(b, b.driver())) {
			JsonNode trip = requestTrip(riderSocket, driverSocket, otherDriverOnA, otherDriverOnB);
			accept(trip, driver, driverSocket, riderSocket, otherDriverOnA, otherDriverOnB);

			String question = "Ich stehe vor dem Haus, neben dem 🚕-Schild. Wo bist du?";
			riderSocket.send("chat.message", Map.of("trip_id", id(trip), "text", question));
			JsonNode fromRider = expect(riderSocket, "chat.message");
			assertThat(expect(driverSocket, "chat.message")).isEqualTo(fromRider);
			assertChat(fromRider, trip, rider, question);

			String answer = "Two minutes away.";
			driverSocket.send("chat.message", Map.of("trip_id", id(trip), "text", answer));
			JsonNode fromDriver = expect(driverSocket, "chat.message");
			assertThat(expect(riderSocket, "chat.message")).isEqualTo(fromDriver);
			assertChat(fromDriver, trip, driver, answer);
			assertThat(fromDriver.get("id").asLong()).isGreaterThan(fromRider.get("id").asLong());

			// A driver who does not drive it may not write in it, told as if the trip did not exist.
			otherDriverOnB.sendJson(Map.of("type", "chat.message", "id", "chat-x", "data",
					Map.of("trip_id", id(trip), "text", "me too")));
			expectError(otherDriverOnB, "not_found", "chat-x");
			expectNothingElseOn(riderSocket, driverSocket, otherDriverOnA, otherDriverOnB);
		}
	}

	@Test
	void subscriptionOnTheSecondInstanceFollowsChangesMadeOnTheFirstUntilUnsubscribed() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		TestUser driver = a.driver();
		// The rider's second device, on the other instance, connected before the trip exists.
		try (SocketClient riderOnA = connectV2(a, rider); SocketClient riderOnB = connectV2(b, rider);
				SocketClient driverSocket = connectV2(a, driver); SocketClient otherDriverOnB = connectV2(b, b.driver())) {
			JsonNode trip = requestTrip(riderOnA, driverSocket, otherDriverOnB);
			accept(trip, driver, driverSocket, riderOnA, otherDriverOnB);
			// Not subscribed yet: the second device heard nothing of it.
			riderOnB.expectNothingElse();

			Map<String, String> subject = Map.of("model", "trip", "id", id(trip));
			riderOnB.sendJson(Map.of("type", "subscribe", "id", "sub-1", "data", subject));
			JsonNode subscribed = riderOnB.next();
			assertThat(subscribed.get("type").asString()).isEqualTo("subscribed");
			assertThat(subscribed.get("ref").asString()).isEqualTo("sub-1");
			assertThat(subscribed.get("data").get("model").asString()).isEqualTo("trip");
			assertThat(subscribed.get("data").get("id").asString()).isEqualTo(id(trip));
			// A driver who does not drive it may not follow it now it is taken, on either instance.
			otherDriverOnB.sendJson(Map.of("type", "subscribe", "id", "sub-x", "data", subject));
			expectError(otherDriverOnB, "not_found", "sub-x");
			expectNothingElseOn(riderOnA, riderOnB, driverSocket, otherDriverOnB);

			driverSocket.send("update.trip", Map.of("id", id(trip), "status", "IN_PROGRESS"));
			JsonNode onBoard = expect(driverSocket, "trip.updated");
			assertThat(onBoard.get("status").asString()).isEqualTo("IN_PROGRESS");
			assertThat(expect(riderOnA, "trip.updated")).isEqualTo(onBoard);
			assertThat(expect(riderOnB, "trip.updated")).isEqualTo(onBoard);
			expectNothingElseOn(riderOnA, riderOnB, driverSocket, otherDriverOnB);

			riderOnB.sendJson(Map.of("type", "unsubscribe", "id", "unsub-1", "data", subject));
			JsonNode unsubscribed = riderOnB.next();
			assertThat(unsubscribed.get("type").asString()).isEqualTo("unsubscribed");
			assertThat(unsubscribed.get("ref").asString()).isEqualTo("unsub-1");
			assertThat(unsubscribed.get("data").get("id").asString()).isEqualTo(id(trip));

			driverSocket.send("update.trip", Map.of("id", id(trip), "status", "COMPLETED"));
			JsonNode completed = expect(driverSocket, "trip.updated");
			assertThat(expect(riderOnA, "trip.updated")).isEqualTo(completed);
			expectNothingElseOn(riderOnA, riderOnB, driverSocket, otherDriverOnB);
		}
	}

	@Test
	void subscribingOnTheSecondInstanceToAnActiveTripSendsThePositionLastSentOnTheFirst() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = b.rider();
		TestUser driver = a.driver();
		try (SocketClient riderSocket = connectV2(b, rider); SocketClient driverSocket = connectV2(a, driver)) {
			JsonNode trip = requestTrip(riderSocket, driverSocket);
			accept(trip, driver, driverSocket, riderSocket);
			driverSocket.send("update.location", Map.of("lat", 35.6586, "lng", 139.7454));
			assertPosition(expect(riderSocket, "driver.location"), trip, driver, 35.6586, 139.7454);

			Map<String, String> subject = Map.of("model", "trip", "id", id(trip));
			riderSocket.sendJson(Map.of("type", "unsubscribe", "id", "u", "data", subject));
			assertThat(riderSocket.next().get("type").asString()).isEqualTo("unsubscribed");
			riderSocket.sendJson(Map.of("type", "subscribe", "id", "s", "data", subject));
			JsonNode subscribed = riderSocket.next();
			assertThat(subscribed.get("type").asString()).isEqualTo("subscribed");
			assertThat(subscribed.get("ref").asString()).isEqualTo("s");
			assertPosition(expect(riderSocket, "driver.location"), trip, driver, 35.6586, 139.7454);
			expectNothingElseOn(riderSocket, driverSocket);
		}
	}

	// --- steps -------------------------------------------------------------------------------

	/** The rider requests a trip: the rider hears it created, every given driver hears it requested. */
	private static JsonNode requestTrip(SocketClient riderSocket, SocketClient... drivers) {
		riderSocket.sendJson(Map.of("type", "create.trip", "id", "create", "data",
				Map.of("pick_up_address", "123 Main Street", "drop_off_address", "456 South Street")));
		JsonNode created = riderSocket.next();
		assertThat(created.get("type").asString()).as("answer to create.trip: %s", created).isEqualTo("trip.created");
		assertThat(created.get("ref").asString()).isEqualTo("create");
		JsonNode trip = created.get("data");
		assertThat(trip.get("status").asString()).isEqualTo("REQUESTED");
		for (SocketClient driver : drivers) {
			assertThat(expect(driver, "trip.requested")).isEqualTo(trip);
		}
		return trip;
	}

	/**
	 * The driver accepts: the driver hears it updated and taken, the rider updated, every other
	 * given driver taken.
	 */
	private static JsonNode accept(JsonNode trip, TestUser driver, SocketClient driverSocket, SocketClient riderSocket,
			SocketClient... otherDrivers) {
		driverSocket.send("update.trip", Map.of("id", id(trip), "status", "STARTED"));
		Map<String, JsonNode> toDriver = expectEach(driverSocket, "trip.updated", "trip.taken");
		JsonNode accepted = toDriver.get("trip.updated");
		assertThat(accepted.get("status").asString()).isEqualTo("STARTED");
		assertThat(accepted.get("driver").get("id").asLong()).isEqualTo(driver.id());
		assertThat(toDriver.get("trip.taken")).isEqualTo(accepted);
		assertThat(expect(riderSocket, "trip.updated")).isEqualTo(accepted);
		for (SocketClient other : otherDrivers) {
			assertThat(expect(other, "trip.taken")).isEqualTo(accepted);
		}
		return accepted;
	}

	// --- checks ------------------------------------------------------------------------------

	/** The next frame, of this type; a group event carries no {@code ref}. Returns its data. */
	private static JsonNode expect(SocketClient socket, String type) {
		JsonNode frame = socket.next();
		assertThat(frame.path("type").asString()).as("type of %s", frame).isEqualTo(type);
		if (GROUP_EVENTS.contains(type)) {
			assertThat(frame.has("ref")).as("group event with a ref: %s", frame).isFalse();
		}
		return frame.get("data");
	}

	/** The next frames, of these types in any order; their data by type. */
	private static Map<String, JsonNode> expectEach(SocketClient socket, String... types) {
		Map<String, JsonNode> byType = new LinkedHashMap<>();
		List<String> seen = new ArrayList<>();
		for (int i = 0; i < types.length; i++) {
			JsonNode frame = socket.next();
			seen.add(frame.path("type").asString());
			byType.put(frame.path("type").asString(), frame.get("data"));
		}
		assertThat(seen).as("types of the next %d frames", types.length).containsExactlyInAnyOrder(types);
		return byType;
	}

	private static void expectError(SocketClient socket, String code, String ref) {
		JsonNode frame = socket.next();
		assertThat(frame.path("type").asString()).as("type of %s", frame).isEqualTo("error");
		assertThat(frame.path("ref").asString()).as("ref of %s", frame).isEqualTo(ref);
		assertThat(frame.get("data").get("code").asString()).as("code of %s", frame).isEqualTo(code);
		assertThat(frame.get("data").get("message").asString()).isNotBlank();
	}

	private static void assertPosition(JsonNode position, JsonNode trip, TestUser driver, double lat, double lng) {
		assertThat(position.get("trip_id").asString()).isEqualTo(id(trip));
		assertThat(position.get("driver_id").asLong()).isEqualTo(driver.id());
		assertThat(position.get("lat").asDouble()).isEqualTo(lat);
		assertThat(position.get("lng").asDouble()).isEqualTo(lng);
		assertThat(position.has("heading")).as("heading in %s", position).isTrue();
		assertThat(position.has("speed")).as("speed in %s", position).isTrue();
		OffsetDateTime at = OffsetDateTime.parse(position.get("at").asString());
		assertThat(Duration.between(at.toInstant(), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
	}

	private static void assertChat(JsonNode message, JsonNode trip, TestUser sender, String text) {
		assertThat(message.get("id").isIntegralNumber()).as("chat id in %s", message).isTrue();
		assertThat(message.get("trip_id").asString()).isEqualTo(id(trip));
		assertThat(message.get("text").asString()).isEqualTo(text);
		assertThat(message.get("sender").get("id").asLong()).isEqualTo(sender.id());
		assertThat(message.get("sender").get("username").asString()).isEqualTo(sender.username());
		assertThat(message.get("sender").get("group").asString()).isEqualTo(sender.group());
		OffsetDateTime created = OffsetDateTime.parse(message.get("created").asString());
		assertThat(created.toEpochSecond()).isCloseTo(OffsetDateTime.now().toEpochSecond(), within(60L));
	}

	private static void expectNothingElseOn(SocketClient... sockets) {
		for (SocketClient socket : sockets) {
			socket.expectNothingElse();
		}
	}

	/** The trip as a v1 connection hears it. */
	private static JsonNode v1(JsonNode trip) {
		return mapper.valueToTree(Map.of("type", "echo.message", "data", trip));
	}

	private static JsonNode restTrip(TaxiApi api, TestUser user, JsonNode trip) {
		return api.http().get().uri("/api/trip/{id}/", id(trip)).header(HttpHeaders.AUTHORIZATION, "Bearer " + user.access())
			.exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	private static String id(JsonNode trip) {
		return trip.get("id").asString();
	}

	/** Connects speaking v2 (confirmed) and waits until the server is done connecting: nothing may arrive before. */
	private static SocketClient connectV2(TaxiApi api, TestUser user) {
		return api.connectV2(user);
	}

}
