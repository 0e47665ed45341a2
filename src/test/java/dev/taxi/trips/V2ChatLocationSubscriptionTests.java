package dev.taxi.trips;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

import static dev.taxi.trips.V2Steps.accept;
import static dev.taxi.trips.V2Steps.advance;
import static dev.taxi.trips.V2Steps.drain;
import static dev.taxi.trips.V2Steps.expectError;
import static dev.taxi.trips.V2Steps.expectEvent;
import static dev.taxi.trips.V2Steps.expectReply;
import static dev.taxi.trips.V2Steps.expectV1Trip;
import static dev.taxi.trips.V2Steps.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol v2 over real sockets, beyond trip changes: trip chat (stored, delivered to the trip's
 * rider and driver only, its rules and limits), live driver location (relayed to the rider of the
 * driver's active trip only, validated, rate-limited without closing, the last position sent on
 * connect and on subscribe) and subscriptions (updates start and stop with them; private trips stay
 * private; other models and invisible trips are refused).
 */
@TaxiServerTest
class V2ChatLocationSubscriptionTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	TaxiApi api;

	V2Steps steps;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
		this.steps = new V2Steps(this.api);
	}

	/** A rider and a driver, both on v2, on a trip the driver accepted; the sockets stay open. */
	private record Ride(TestUser rider, SocketClient riderSocket, TestUser driver, SocketClient driverSocket,
			JsonNode trip) implements AutoCloseable {

		String tripId() {
			return this.trip.get("id").asString();
		}

		@Override
		public void close() {
			this.riderSocket.close();
			this.driverSocket.close();
		}

	}

	/** Connects a rider and a driver and sets a trip up to STARTED. No other driver may be connected. */
	private Ride startedRide() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		SocketClient riderSocket = this.api.connectV2(rider);
		SocketClient driverSocket = this.api.connectV2(driver);
		JsonNode trip = this.steps.requestTrip(riderSocket);
		expectEvent(driverSocket, "trip.requested");
		JsonNode accepted = accept(driverSocket, driver, trip);
		assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(accepted);
		return new Ride(rider, riderSocket, driver, driverSocket, accepted);
	}

	private static Map<String, Object> chat(String tripId, String text) {
		return Map.of("trip_id", tripId, "text", text);
	}

	private static Map<String, Object> location(double lat, double lng) {
		return Map.of("lat", lat, "lng", lng);
	}

	// chat

	@Test
	void chatIsStoredAndReachesTheTripsRiderAndDriverOnly() {
		try (Ride ride = startedRide();
				SocketClient riderV1 = this.api.connect(ride.rider());
				SocketClient otherDriver = this.api.connectV2(this.api.driver());
				SocketClient otherRider = this.api.connectV2(this.api.rider())) {
			send(ride.riderSocket(), "chat.message", "m-1", chat(ride.tripId(), "Where are you?"));
			JsonNode first = expectEvent(ride.riderSocket(), "chat.message");
			assertThat(expectEvent(ride.driverSocket(), "chat.message")).isEqualTo(first);
			assertThat(first.propertyNames()).containsExactlyInAnyOrder("id", "trip_id", "sender", "text", "created");
			assertThat(first.get("id").isIntegralNumber()).as("id of %s", first).isTrue();
			assertThat(first.get("trip_id").asString()).isEqualTo(ride.tripId());
			assertThat(first.get("text").asString()).isEqualTo("Where are you?");
			assertThat(first.get("created").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)");
			JsonNode sender = first.get("sender");
			assertThat(sender.propertyNames()).containsExactlyInAnyOrder("id", "username", "first_name", "last_name",
					"group", "photo");
			assertThat(sender.get("id").asLong()).isEqualTo(ride.rider().id());
			assertThat(sender.get("group").asString()).isEqualTo("rider");
			assertNothingElse(ride.riderSocket(), ride.driverSocket(), riderV1, otherDriver, otherRider);

			send(ride.driverSocket(), "chat.message", "m-2", chat(ride.tripId(), "Around the corner"));
			JsonNode second = expectEvent(ride.driverSocket(), "chat.message");
			assertThat(expectEvent(ride.riderSocket(), "chat.message")).isEqualTo(second);
			assertThat(second.get("sender").get("id").asLong()).isEqualTo(ride.driver().id());
			assertThat(second.get("sender").get("group").asString()).isEqualTo("driver");
			assertThat(second.get("id").asLong()).isGreaterThan(first.get("id").asLong());
			assertNothingElse(ride.riderSocket(), ride.driverSocket(), riderV1, otherDriver, otherRider);
		}
	}

	@Test
	void aConnectionThatChatsFollowsTheTripFromThenOn() {
		try (Ride ride = startedRide(); SocketClient riderTab = this.api.connectV2(ride.rider())) {
			Map<String, Object> subscription = new LinkedHashMap<>();
			subscription.put("model", "trip");
			subscription.put("id", ride.tripId());
			send(riderTab, "unsubscribe", "u-1", subscription);
			expectReply(riderTab, "unsubscribed", "u-1");

			send(riderTab, "chat.message", "m-1", chat(ride.tripId(), "Blue door"));
			JsonNode mine = expectEvent(riderTab, "chat.message");
			assertThat(mine.get("text").asString()).isEqualTo("Blue door");
			assertThat(expectEvent(ride.driverSocket(), "chat.message")).isEqualTo(mine);
			assertThat(expectEvent(ride.riderSocket(), "chat.message")).isEqualTo(mine);

			send(ride.driverSocket(), "chat.message", "m-2", chat(ride.tripId(), "On my way"));
			JsonNode answer = expectEvent(ride.driverSocket(), "chat.message");
			assertThat(expectEvent(riderTab, "chat.message")).isEqualTo(answer);
			assertThat(expectEvent(ride.riderSocket(), "chat.message")).isEqualTo(answer);
			assertNothingElse(riderTab, ride.riderSocket(), ride.driverSocket());
		}
	}

	@Test
	void chatTextIsOneToTwoThousandCodePoints() {
		try (Ride ride = startedRide()) {
			String longest = "\uD83D\uDE95".repeat(2000);
			send(ride.riderSocket(), "chat.message", "long", chat(ride.tripId(), longest));
			assertThat(expectEvent(ride.riderSocket(), "chat.message").get("text").asString()).isEqualTo(longest);
			assertThat(expectEvent(ride.driverSocket(), "chat.message").get("text").asString()).isEqualTo(longest);

			send(ride.riderSocket(), "chat.message", "too-long", chat(ride.tripId(), longest + "\uD83D\uDE95"));
			expectError(ride.riderSocket(), "bad_request", "too-long");
			send(ride.riderSocket(), "chat.message", "empty", chat(ride.tripId(), ""));
			expectError(ride.riderSocket(), "bad_request", "empty");
			send(ride.riderSocket(), "chat.message", "no-text", Map.of("trip_id", ride.tripId()));
			expectError(ride.riderSocket(), "bad_request", "no-text");
			send(ride.riderSocket(), "chat.message", "bad-id", chat("not-a-uuid", "Hi"));
			expectError(ride.riderSocket(), "bad_request", "bad-id");
			assertNothingElse(ride.riderSocket(), ride.driverSocket());
		}
	}

	@Test
	void outsidersAndUnknownTripsCannotChat() {
		try (Ride ride = startedRide()) {
			try (SocketClient otherRider = this.api.connectV2(this.api.rider());
					SocketClient otherDriver = this.api.connectV2(this.api.driver())) {
				send(otherRider, "chat.message", "o-1", chat(ride.tripId(), "Hi"));
				expectError(otherRider, "not_found", "o-1");
				send(otherDriver, "chat.message", "o-2", chat(ride.tripId(), "Hi"));
				expectError(otherDriver, "not_found", "o-2");
				send(ride.riderSocket(), "chat.message", "o-3", chat(V2Steps.NO_SUCH_TRIP, "Hi"));
				expectError(ride.riderSocket(), "not_found", "o-3");
				assertNothingElse(ride.riderSocket(), ride.driverSocket(), otherRider, otherDriver);
			}
		}
	}

	@Test
	void chatNeedsADriverAndAnUnfinishedTrip() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(driver)) {
			JsonNode requested = this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			send(riderSocket, "chat.message", "no-driver", chat(requested.get("id").asString(), "Anyone?"));
			expectError(riderSocket, "conflict", "no-driver");
			assertNothingElse(riderSocket, driverSocket);

			JsonNode accepted = accept(driverSocket, driver, requested);
			expectEvent(riderSocket, "trip.updated");
			JsonNode inProgress = advance(driverSocket, driver, accepted, "IN_PROGRESS");
			expectEvent(riderSocket, "trip.updated");
			JsonNode completed = advance(driverSocket, driver, inProgress, "COMPLETED");
			expectEvent(riderSocket, "trip.updated");
			String completedId = completed.get("id").asString();
			send(riderSocket, "chat.message", "done-rider", chat(completedId, "Thanks"));
			expectError(riderSocket, "conflict", "done-rider");
			send(driverSocket, "chat.message", "done-driver", chat(completedId, "Thanks"));
			expectError(driverSocket, "conflict", "done-driver");
			assertNothingElse(riderSocket, driverSocket);

			JsonNode second = this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			accept(driverSocket, driver, second);
			expectEvent(riderSocket, "trip.updated");
			send(riderSocket, "cancel.trip", "cancel", Map.of("id", second.get("id").asString()));
			expectEvent(riderSocket, "trip.canceled");
			expectEvent(driverSocket, "trip.canceled");
			send(riderSocket, "chat.message", "canceled-rider", chat(second.get("id").asString(), "Sorry"));
			expectError(riderSocket, "conflict", "canceled-rider");
			send(driverSocket, "chat.message", "canceled-driver", chat(second.get("id").asString(), "Sorry"));
			expectError(driverSocket, "conflict", "canceled-driver");
			assertNothingElse(riderSocket, driverSocket);
		}
	}

	// location

	@Test
	void locationReachesOnlyTheRiderOfTheDriversActiveTrip() {
		try (Ride ride = startedRide();
				SocketClient riderV1 = this.api.connect(ride.rider());
				SocketClient otherDriver = this.api.connectV2(this.api.driver());
				SocketClient otherRider = this.api.connectV2(this.api.rider())) {
			send(ride.driverSocket(), "update.location", "l-1", Map.of("lat", 52.52, "lng", 13.405, "heading", 90.5, "speed", 12.25));
			JsonNode position = expectEvent(ride.riderSocket(), "driver.location");
			assertThat(position.propertyNames()).containsExactlyInAnyOrder("trip_id", "driver_id", "lat", "lng", "heading",
					"speed", "at");
			assertThat(position.get("trip_id").asString()).isEqualTo(ride.tripId());
			assertThat(position.get("driver_id").asLong()).isEqualTo(ride.driver().id());
			assertThat(position.get("lat").asDouble()).isEqualTo(52.52);
			assertThat(position.get("lng").asDouble()).isEqualTo(13.405);
			assertThat(position.get("heading").asDouble()).isEqualTo(90.5);
			assertThat(position.get("speed").asDouble()).isEqualTo(12.25);
			assertThat(position.get("at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)");
			// No reply to the driver, nothing to v1 (trips only) or to anyone else.
			assertNothingElse(ride.riderSocket(), ride.driverSocket(), riderV1, otherDriver, otherRider);

			send(ride.driverSocket(), "update.location", "l-2", location(-90, 180));
			JsonNode edge = expectEvent(ride.riderSocket(), "driver.location");
			assertThat(edge.get("lat").asDouble()).isEqualTo(-90);
			assertThat(edge.get("lng").asDouble()).isEqualTo(180);
			assertThat(edge.get("heading").isNull()).as("heading of %s", edge).isTrue();
			assertThat(edge.get("speed").isNull()).as("speed of %s", edge).isTrue();
			assertNothingElse(ride.riderSocket(), ride.driverSocket(), riderV1, otherDriver, otherRider);

			JsonNode inProgress = advance(ride.driverSocket(), ride.driver(), ride.trip(), "IN_PROGRESS");
			expectEvent(ride.riderSocket(), "trip.updated");
			expectV1Trip(riderV1);
			send(ride.driverSocket(), "update.location", "l-3", Map.of("lat", 90, "lng", -180, "heading", 0, "speed", 0));
			JsonNode onBoard = expectEvent(ride.riderSocket(), "driver.location");
			assertThat(onBoard.get("trip_id").asString()).isEqualTo(inProgress.get("id").asString());
			assertThat(onBoard.get("lat").asDouble()).isEqualTo(90);
			assertThat(onBoard.get("heading").asDouble()).isZero();
			assertNothingElse(ride.riderSocket(), ride.driverSocket(), riderV1, otherDriver, otherRider);
		}
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"lat": 90.5, "lng": 0}                 | lat: must be between -90 and 90
			{"lat": -91, "lng": 0}                  | lat: must be between -90 and 90
			{"lat": 0, "lng": 180.1}                | lng: must be between -180 and 180
			{"lat": 0, "lng": -181}                 | lng: must be between -180 and 180
			{"lat": 0, "lng": 0, "heading": 360}    | heading: must be at least 0 and less than 360
			{"lat": 0, "lng": 0, "heading": -0.5}   | heading: must be at least 0 and less than 360
			{"lat": 0, "lng": 0, "speed": -1}       | speed: must be a finite number, at least 0
			{"lat": 0, "lng": 0, "speed": 1e400}    | speed: must be a finite number, at least 0
			{"lng": 0}                              | lat: must not be null
			{"lat": 0}                              | lng: must not be null
			{"lat": "north", "lng": 0}              | Invalid value for 'lat'
			{"lat": null, "lng": 0}                 | lat: must not be null
			""")
	void locationOutOfRangeOrMissingIsABadRequestThatNamesTheFieldAndTheRule(String data, String message) {
		try (Ride ride = startedRide()) {
			send(ride.driverSocket(), "update.location", "bad", mapper.readTree(data));
			assertThat(expectError(ride.driverSocket(), "bad_request", "bad").path("data").path("message").asString())
				.isEqualTo(message);
			assertNothingElse(ride.riderSocket(), ride.driverSocket());
		}
	}

	@Test
	void riderSendingLocationIsForbidden() {
		try (Ride ride = startedRide()) {
			send(ride.riderSocket(), "update.location", "r-1", location(1, 2));
			expectError(ride.riderSocket(), "forbidden", "r-1");
			assertNothingElse(ride.riderSocket(), ride.driverSocket());
		}
	}

	@Test
	void locationOfADriverWithoutActiveTripReachesNobodyAndIsNoError() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(this.api.driver())) {
			this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			send(driverSocket, "update.location", "idle", location(10, 20));
			assertNothingElse(driverSocket, riderSocket);
		}
	}

	@Test
	void locationAfterCompletionReachesNobody() {
		try (Ride ride = startedRide()) {
			send(ride.driverSocket(), "update.location", "before", location(10, 20));
			expectEvent(ride.riderSocket(), "driver.location");
			JsonNode inProgress = advance(ride.driverSocket(), ride.driver(), ride.trip(), "IN_PROGRESS");
			expectEvent(ride.riderSocket(), "trip.updated");
			advance(ride.driverSocket(), ride.driver(), inProgress, "COMPLETED");
			expectEvent(ride.riderSocket(), "trip.updated");
			send(ride.driverSocket(), "update.location", "after", location(11, 21));
			assertNothingElse(ride.driverSocket(), ride.riderSocket());
		}
	}

	@Test
	void riderConnectingLaterIsSentTheLastPositionAtOnce() {
		try (Ride ride = startedRide()) {
			ride.riderSocket().close();
			send(ride.driverSocket(), "update.location", "first", location(10, 20));
			send(ride.driverSocket(), "update.location", "last", location(11, 21));
			ride.driverSocket().expectNothingElse();
			try (SocketClient later = SocketClient.attempt(this.api.socketUri(ride.rider().access()), new HttpHeaders(),
					TaxiApi.V2)) {
				assertThat(later.subprotocol()).isEqualTo(TaxiApi.V2);
				JsonNode position = expectEvent(later, "driver.location");
				assertThat(position.get("trip_id").asString()).isEqualTo(ride.tripId());
				assertThat(position.get("driver_id").asLong()).isEqualTo(ride.driver().id());
				assertThat(position.get("lat").asDouble()).isEqualTo(11);
				assertThat(position.get("lng").asDouble()).isEqualTo(21);
				later.expectNothingElse();
				// And it is in the trip's group: it hears the next one live.
				send(ride.driverSocket(), "update.location", "live", location(12, 22));
				assertThat(expectEvent(later, "driver.location").get("lat").asDouble()).isEqualTo(12);
				assertNothingElse(later, ride.driverSocket());
			}
		}
	}

	@Test
	void locationBurstIsThinnedWithoutClosingTheSocket() {
		try (Ride ride = startedRide()) {
			for (int i = 0; i < 20; i++) {
				ride.driverSocket().send("update.location", location(10 + i / 100.0, 20));
			}
			// The driver's marker is answered after all 20 were handled, so all that was relayed is queued.
			assertThat(drain(ride.driverSocket())).isEmpty();
			List<JsonNode> heard = drain(ride.riderSocket());
			assertThat(heard).allSatisfy((frame) -> assertThat(frame.get("type").asString()).isEqualTo("driver.location"));
			assertThat(heard).hasSizeBetween(1, 19);
			assertThat(ride.driverSocket().isOpen()).isTrue();
			send(ride.driverSocket(), "ping", "still-there", Map.of());
			expectReply(ride.driverSocket(), "pong", "still-there");
		}
	}

	// subscriptions

	@Test
	void subscribeAndUnsubscribeStartAndStopATripsUpdates() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(driver)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			// Connected after the request, the second connection is in the trip's group.
			try (SocketClient follower = this.api.connectV2(rider)) {
				Map<String, Object> subscription = new LinkedHashMap<>();
				subscription.put("model", "trip");
				subscription.put("id", trip.get("id").asString());
				send(follower, "unsubscribe", "u-1", subscription);
				assertThat(expectReply(follower, "unsubscribed", "u-1")).isEqualTo(mapper.valueToTree(subscription));

				JsonNode accepted = accept(driverSocket, driver, trip);
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(accepted);
				assertNothingElse(follower, riderSocket, driverSocket);

				send(follower, "subscribe", "s-1", subscription);
				assertThat(expectReply(follower, "subscribed", "s-1")).isEqualTo(mapper.valueToTree(subscription));
				JsonNode inProgress = advance(driverSocket, driver, accepted, "IN_PROGRESS");
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(inProgress);
				assertThat(expectEvent(follower, "trip.updated")).isEqualTo(inProgress);
				send(driverSocket, "chat.message", "c-1", chat(trip.get("id").asString(), "Hello"));
				JsonNode message = expectEvent(driverSocket, "chat.message");
				assertThat(expectEvent(riderSocket, "chat.message")).isEqualTo(message);
				assertThat(expectEvent(follower, "chat.message")).isEqualTo(message);
				assertNothingElse(follower, riderSocket, driverSocket);

				send(follower, "unsubscribe", "u-2", subscription);
				expectReply(follower, "unsubscribed", "u-2");
				JsonNode completed = advance(driverSocket, driver, inProgress, "COMPLETED");
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(completed);
				assertNothingElse(follower, riderSocket, driverSocket);
			}
		}
	}

	@Test
	void subscriberIsSentTheLastPositionRightAfterSubscribed() {
		try (Ride ride = startedRide()) {
			Map<String, Object> subscription = Map.of("model", "trip", "id", ride.tripId());
			send(ride.driverSocket(), "update.location", "l-1", location(10, 20));
			expectEvent(ride.riderSocket(), "driver.location");
			send(ride.riderSocket(), "unsubscribe", "u-1", subscription);
			expectReply(ride.riderSocket(), "unsubscribed", "u-1");
			send(ride.driverSocket(), "update.location", "l-2", location(11, 21));
			assertNothingElse(ride.driverSocket(), ride.riderSocket());

			send(ride.riderSocket(), "subscribe", "s-1", subscription);
			expectReply(ride.riderSocket(), "subscribed", "s-1");
			JsonNode position = expectEvent(ride.riderSocket(), "driver.location");
			assertThat(position.get("trip_id").asString()).isEqualTo(ride.tripId());
			assertThat(position.get("lat").asDouble()).isEqualTo(11);
			assertThat(position.get("lng").asDouble()).isEqualTo(21);
			assertNothingElse(ride.driverSocket(), ride.riderSocket());
		}
	}

	@Test
	void driverWhoSubscribedToARequestTripStopsHearingItOnceAnotherTookIt() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient driverSocket = this.api.connectV2(driver);
				SocketClient watcher = this.api.connectV2(this.api.driver())) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			expectEvent(watcher, "trip.requested");
			Map<String, Object> subscription = Map.of("model", "trip", "id", trip.get("id").asString());
			send(watcher, "subscribe", "w-1", subscription);
			assertThat(expectReply(watcher, "subscribed", "w-1")).isEqualTo(mapper.valueToTree(subscription));

			JsonNode accepted = accept(driverSocket, driver, trip);
			assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(accepted);
			assertThat(expectEvent(watcher, "trip.taken")).isEqualTo(accepted);
			assertNothingElse(watcher, riderSocket, driverSocket);

			JsonNode inProgress = advance(driverSocket, driver, accepted, "IN_PROGRESS");
			assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(inProgress);
			send(driverSocket, "update.location", "l-1", location(10, 20));
			expectEvent(riderSocket, "driver.location");
			assertNothingElse(watcher, riderSocket, driverSocket);
		}
	}

	@Test
	void subscriptionsToOtherModelsOrInvisibleTripsAreRefused() {
		try (Ride ride = startedRide();
				SocketClient otherRider = this.api.connectV2(this.api.rider());
				SocketClient otherDriver = this.api.connectV2(this.api.driver())) {
			send(otherRider, "subscribe", "m-1", Map.of("model", "user", "id", ride.tripId()));
			expectError(otherRider, "bad_request", "m-1");
			send(otherRider, "unsubscribe", "m-2", Map.of("model", "user", "id", ride.tripId()));
			expectError(otherRider, "bad_request", "m-2");
			send(otherRider, "subscribe", "m-3", Map.of("id", ride.tripId()));
			expectError(otherRider, "bad_request", "m-3");
			send(otherRider, "subscribe", "m-4", Map.of("model", "trip"));
			expectError(otherRider, "bad_request", "m-4");
			send(otherRider, "subscribe", "m-5", Map.of("model", "trip", "id", "not-a-uuid"));
			expectError(otherRider, "bad_request", "m-5");
			send(otherRider, "subscribe", "m-6", Map.of("model", "trip", "id", V2Steps.NO_SUCH_TRIP));
			expectError(otherRider, "not_found", "m-6");
			send(otherRider, "subscribe", "m-7", Map.of("model", "trip", "id", ride.tripId()));
			expectError(otherRider, "not_found", "m-7");
			send(otherDriver, "subscribe", "m-8", Map.of("model", "trip", "id", ride.tripId()));
			expectError(otherDriver, "not_found", "m-8");
			assertNothingElse(otherRider, otherDriver);

			// Refused, so still not following it.
			advance(ride.driverSocket(), ride.driver(), ride.trip(), "IN_PROGRESS");
			expectEvent(ride.riderSocket(), "trip.updated");
			assertNothingElse(otherRider, otherDriver, ride.riderSocket(), ride.driverSocket());
		}
	}

	private static void assertNothingElse(SocketClient... sockets) {
		for (SocketClient socket : sockets) {
			socket.expectNothingElse();
		}
	}

}
