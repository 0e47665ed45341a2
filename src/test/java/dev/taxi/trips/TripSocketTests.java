package dev.taxi.trips;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The v1 WebSocket protocol over real sockets: what riders and drivers hear, and every rule the
 * server enforces. A refused message never closes the connection and never changes a trip.
 */
@TaxiServerTest
class TripSocketTests {

	private static final String PICK_UP = "123 Main Street";

	private static final String DROP_OFF = "456 South Street";

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	TaxiApi api;

	@Autowired
	MeterRegistry meters;

	double handlerFailuresBefore;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
		this.handlerFailuresBefore = handlerFailures();
	}

	/** A refusal is an answer, not a crash: no handler may have failed unexpectedly. */
	@AfterEach
	void noHandlerFailed() {
		assertThat(handlerFailures()).isEqualTo(this.handlerFailuresBefore);
	}

	private double handlerFailures() {
		return this.meters.counter("taxi.ws.handler.failures").count();
	}

	@Test
	void echoSendsTheSameObjectBack() {
		TestUser rider = this.api.rider();
		try (SocketClient socket = this.api.connect(rider)) {
			socket.send("{\"type\": \"echo.message\", \"data\": \"This is a test message.\"}");
			assertThat(socket.nextText()).isEqualTo("{\"type\":\"echo.message\",\"data\":\"This is a test message.\"}");
		}
	}

	@Test
	void handshakeWithoutValidAccessTokenIsRefused() {
		TestUser rider = this.api.rider();
		assertRefused(this.api.socketUri("").toString().replace("?token=", ""));
		assertRefused(this.api.socketUri("not-a-token").toString());
		assertRefused(this.api.socketUri(rider.refresh()).toString());
		assertRefused(this.api.socketUri(rider.access() + "x").toString());
	}

	@Test
	void handshakeOfAnInactiveUserIsRefused() {
		TestUser rider = this.api.rider();
		this.db.sql("UPDATE users SET active = FALSE WHERE id = :id").bind("id", rider.id()).then().block();
		assertRefused(this.api.socketUri(rider.access()).toString());
	}

	private static void assertRefused(String uri) {
		try (SocketClient socket = SocketClient.attempt(java.net.URI.create(uri), new HttpHeaders())) {
			assertThat(socket.isOpen()).as("handshake of %s", uri).isFalse();
		}
	}

	@Test
	void everyConnectedDriverHearsOfANewRequestAtOnce() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connect(rider);
				SocketClient first = this.api.connect(this.api.driver());
				SocketClient second = this.api.connect(this.api.driver())) {
			JsonNode trip = requestTrip(riderSocket, rider);
			assertThat(first.next().get("data")).isEqualTo(trip);
			assertThat(second.next().get("data")).isEqualTo(trip);
			riderSocket.expectNothingElse();
		}
	}

	@Test
	void tripJsonHasTheProtocolsShapeWithPhotoPaths() {
		TestUser rider = this.api.rider();
		try (SocketClient socket = this.api.connect(rider)) {
			socket.send("create.trip", Map.of("pick_up_address", PICK_UP, "drop_off_address", DROP_OFF));
			JsonNode frame = socket.next();
			assertThat(frame.propertyNames()).containsExactly("type", "data");
			JsonNode trip = frame.get("data");
			assertThat(trip.propertyNames()).containsExactlyInAnyOrder("id", "created", "updated", "pick_up_address",
					"drop_off_address", "status", "driver", "rider");
			assertThat(trip.get("id").asString()).matches("[0-9a-f-]{36}");
			assertThat(trip.get("created").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)");
			assertThat(trip.get("rider").propertyNames()).containsExactlyInAnyOrder("id", "username", "first_name",
					"last_name", "group", "photo");
			assertThat(trip.get("rider").get("group").asString()).isEqualTo("rider");
		}
	}

	@Test
	void referenceClientsWholeTripPayloadIsAccepted() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connect(rider); SocketClient driverSocket = this.api.connect(driver)) {
			JsonNode trip = requestTrip(riderSocket, rider);
			driverSocket.next();
			Map<String, Object> whole = new LinkedHashMap<>();
			whole.put("id", trip.get("id").asString());
			whole.put("created", trip.get("created").asString());
			whole.put("updated", trip.get("updated").asString());
			whole.put("pick_up_address", PICK_UP);
			whole.put("drop_off_address", DROP_OFF);
			whole.put("status", "STARTED");
			whole.put("driver", driver.id());
			whole.put("rider", rider.id());
			driverSocket.send("update.trip", whole);
			JsonNode accepted = driverSocket.next().get("data");
			assertThat(accepted.get("status").asString()).isEqualTo("STARTED");
			assertThat(accepted.get("driver").get("id").asLong()).isEqualTo(driver.id());
			assertThat(riderSocket.next().get("data")).isEqualTo(accepted);
		}
	}

	@Test
	void reconnectingUsersRejoinTheGroupsOfTheirUnfinishedTrips() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		JsonNode trip;
		try (SocketClient riderSocket = this.api.connect(rider); SocketClient driverSocket = this.api.connect(driver)) {
			trip = requestTrip(riderSocket, rider);
			driverSocket.next();
			driverSocket.send("update.trip", update(trip, "STARTED", driver));
			driverSocket.next();
			riderSocket.next();
		}
		try (SocketClient riderSocket = this.api.connect(rider); SocketClient driverSocket = this.api.connect(driver)) {
			driverSocket.send("update.trip", update(trip, "IN_PROGRESS", driver));
			assertThat(driverSocket.next().get("data").get("status").asString()).isEqualTo("IN_PROGRESS");
			assertThat(riderSocket.next().get("data").get("status").asString()).isEqualTo("IN_PROGRESS");
		}
	}

	@Test
	void riderCannotRequestATripForSomeoneElse() {
		TestUser rider = this.api.rider();
		TestUser other = this.api.rider();
		try (SocketClient socket = this.api.connect(rider); SocketClient driver = this.api.connect(this.api.driver())) {
			socket.send("create.trip", Map.of("pick_up_address", PICK_UP, "drop_off_address", DROP_OFF, "rider", other.id()));
			socket.expectNothingElse();
			driver.expectNothingElse();
		}
		assertThat(tripsOf(other)).isEmpty();
		assertThat(tripsOf(rider)).isEmpty();
	}

	@Test
	void driverCannotRequestATrip() {
		TestUser driver = this.api.driver();
		try (SocketClient socket = this.api.connect(driver)) {
			socket.send("create.trip", Map.of("pick_up_address", PICK_UP, "drop_off_address", DROP_OFF));
			socket.expectNothingElse();
		}
		assertThat(this.db.sql("SELECT count(*) AS n FROM trips WHERE rider_id = :id").bind("id", driver.id())
			.map((row) -> row.get("n", Long.class)).one().block()).isZero();
	}

	@Test
	void riderCannotUpdateATripAndIsShownItsCurrentState() {
		TestUser rider = this.api.rider();
		try (SocketClient socket = this.api.connect(rider)) {
			JsonNode trip = requestTrip(socket, rider);
			socket.send("update.trip", Map.of("id", trip.get("id").asString(), "status", "STARTED", "driver", rider.id()));
			assertThat(socket.next().get("data")).isEqualTo(trip);
			socket.expectNothingElse();
		}
		assertThat(tripsOf(rider).get(0).get("status").asString()).isEqualTo("REQUESTED");
	}

	@Test
	void driverCannotActInAnotherDriversName() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		TestUser other = this.api.driver();
		try (SocketClient riderSocket = this.api.connect(rider); SocketClient driverSocket = this.api.connect(driver)) {
			JsonNode trip = requestTrip(riderSocket, rider);
			driverSocket.next();
			driverSocket.send("update.trip", update(trip, "STARTED", other));
			assertThat(driverSocket.next().get("data")).isEqualTo(trip);
			driverSocket.expectNothingElse();
			riderSocket.expectNothingElse();
		}
		assertThat(tripsOf(rider).get(0).get("status").asString()).isEqualTo("REQUESTED");
	}

	@ParameterizedTest
	@ValueSource(strings = { "rider", "pick_up_address", "drop_off_address" })
	void driverCannotChangeWhatBelongsToTheRider(String field) {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		TestUser otherRider = this.api.rider();
		try (SocketClient riderSocket = this.api.connect(rider); SocketClient driverSocket = this.api.connect(driver)) {
			JsonNode trip = requestTrip(riderSocket, rider);
			driverSocket.next();
			Map<String, Object> changed = new LinkedHashMap<>(update(trip, "STARTED", driver));
			changed.put(field, field.equals("rider") ? otherRider.id() : "Somewhere else");
			driverSocket.send("update.trip", changed);
			assertThat(driverSocket.next().get("data")).isEqualTo(trip);
			riderSocket.expectNothingElse();
		}
		JsonNode stored = tripsOf(rider).get(0);
		assertThat(stored.get("status").asString()).isEqualTo("REQUESTED");
		assertThat(stored.get("pick_up_address").asString()).isEqualTo(PICK_UP);
		assertThat(stored.get("drop_off_address").asString()).isEqualTo(DROP_OFF);
	}

	@ParameterizedTest
	@ValueSource(strings = { "IN_PROGRESS", "COMPLETED", "REQUESTED", "CANCELED" })
	void onlyTheNextStatusIsAllowed(String status) {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connect(rider); SocketClient driverSocket = this.api.connect(driver)) {
			JsonNode trip = requestTrip(riderSocket, rider);
			driverSocket.next();
			driverSocket.send("update.trip", update(trip, status, driver));
			assertThat(driverSocket.next().get("data")).isEqualTo(trip);
			riderSocket.expectNothingElse();
		}
		assertThat(tripsOf(rider).get(0).get("status").asString()).isEqualTo("REQUESTED");
	}

	@Test
	void driverCannotAdvanceATripAnotherDriverDrives() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		TestUser intruder = this.api.driver();
		try (SocketClient riderSocket = this.api.connect(rider); SocketClient driverSocket = this.api.connect(driver);
				SocketClient intruderSocket = this.api.connect(intruder)) {
			JsonNode trip = requestTrip(riderSocket, rider);
			driverSocket.next();
			intruderSocket.next();
			driverSocket.send("update.trip", update(trip, "STARTED", driver));
			driverSocket.next();
			riderSocket.next();
			intruderSocket.send("update.trip", update(trip, "IN_PROGRESS", intruder));
			// The trip is not the intruder's to see any more: no frame at all.
			intruderSocket.expectNothingElse();
			riderSocket.expectNothingElse();
		}
		assertThat(tripsOf(rider).get(0).get("status").asString()).isEqualTo("STARTED");
	}

	@Test
	void updateOfAnUnknownTripGetsNoFrame() {
		try (SocketClient socket = this.api.connect(this.api.driver())) {
			socket.send("update.trip", Map.of("id", "00000000-0000-4000-8000-000000000000", "status", "STARTED"));
			socket.expectNothingElse();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "[1, 2]", "\"text\"", "42", "{}", "{\"type\": 7}", "{\"type\": \"\"}",
			"{\"type\": \"no.such.type\", \"data\": {}}", "{\"type\": \"create.trip\"}",
			"{\"type\": \"create.trip\", \"data\": \"text\"}",
			"{\"type\": \"create.trip\", \"data\": {\"pick_up_address\": \"\", \"drop_off_address\": \"B\"}}",
			"{\"type\": \"create.trip\", \"data\": {\"pick_up_address\": \"A\"}}",
			"{\"type\": \"create.trip\", \"data\": {\"pick_up_address\": \"A\", \"drop_off_address\": \"B\", \"rider\": \"x\"}}",
			"{\"type\": \"update.trip\", \"data\": {\"id\": \"not-a-uuid\", \"status\": \"STARTED\"}}",
			"{\"type\": \"update.trip\", \"data\": {\"id\": \"00000000-0000-4000-8000-000000000000\", \"status\": \"FLYING\"}}",
			"{\"type\": \"update.trip\", \"data\": {\"status\": \"STARTED\"}}",
			"{\"type\": \"echo.message\", \"id\": 5}",
			"{\"type\": \"create.trip\", \"data\": {\"pick_up_address\": \"A\\u0000\", \"drop_off_address\": \"B\"}}" })
	void badInputKeepsTheConnectionOpenAndChangesNothing(String frame) {
		TestUser rider = this.api.rider();
		try (SocketClient socket = this.api.connect(rider); SocketClient driver = this.api.connect(this.api.driver())) {
			socket.send(frame);
			socket.expectNothingElse();
			driver.expectNothingElse();
			assertThat(socket.isOpen()).isTrue();
		}
		assertThat(tripsOf(rider)).isEmpty();
	}

	@Test
	void binaryFramesAreRefusedWithoutClosing() {
		try (SocketClient socket = this.api.connect(this.api.rider())) {
			socket.sendBinary(new byte[] { 1, 2, 3 });
			socket.expectNothingElse();
		}
	}

	@Test
	void addressesLongerThanTheLimitAreRefused() {
		TestUser rider = this.api.rider();
		try (SocketClient socket = this.api.connect(rider)) {
			socket.send("create.trip", Map.of("pick_up_address", "x".repeat(256), "drop_off_address", DROP_OFF));
			socket.expectNothingElse();
		}
		assertThat(tripsOf(rider)).isEmpty();
	}

	@Test
	void framesOverTheSizeLimitCloseTheConnectionWith1009() {
		try (SocketClient socket = this.api.connect(this.api.rider())) {
			socket.send("echo.message", "x".repeat(70 * 1024));
			assertThat(socket.awaitClose().getCode()).isEqualTo(1009);
		}
	}

	@Test
	void tooManyMessagesCloseTheConnectionWith1008() {
		try (SocketClient socket = this.api.connect(this.api.rider())) {
			// A burst just past the limit (50 a second), then silence: frames still arriving after the
			// server closed would make its TCP stack reset the connection before the close frame is read.
			for (int i = 0; i < 100; i++) {
				socket.send("echo.message", i);
			}
			assertThat(socket.awaitClose().getCode()).isEqualTo(1008);
		}
	}

	@Test
	void oneUserMayHoldOnlyALimitedNumberOfConnections() {
		TestUser rider = this.api.rider();
		List<SocketClient> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < 20; i++) {
				sockets.add(this.api.connect(rider));
			}
			try (SocketClient oneTooMany = SocketClient.attempt(this.api.socketUri(rider.access()), new HttpHeaders())) {
				assertThat(oneTooMany.awaitClose().getCode()).isEqualTo(1008);
			}
			// Another user is not affected, and a closed connection frees its place.
			this.api.connect(this.api.rider()).close();
			sockets.remove(0).close();
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				SocketClient again = SocketClient.attempt(this.api.socketUri(rider.access()), new HttpHeaders());
				sockets.add(again);
				return again.answersEcho();
			});
		}
		finally {
			sockets.forEach(SocketClient::close);
		}
	}

	private JsonNode requestTrip(SocketClient riderSocket, TestUser rider) {
		riderSocket.send("create.trip", Map.of("pick_up_address", PICK_UP, "drop_off_address", DROP_OFF, "rider", rider.id()));
		JsonNode trip = riderSocket.next().get("data");
		assertThat(trip.get("status").asString()).isEqualTo("REQUESTED");
		return trip;
	}

	static Map<String, Object> update(JsonNode trip, String status, TestUser driver) {
		return Map.of("id", trip.get("id").asString(), "pick_up_address", PICK_UP, "drop_off_address", DROP_OFF,
				"status", status, "driver", driver.id(), "rider", trip.get("rider").get("id").asLong());
	}

	private List<JsonNode> tripsOf(TestUser user) {
		JsonNode trips = this.api.http().get().uri("/api/trip/").header(HttpHeaders.AUTHORIZATION, "Bearer " + user.access())
			.exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
		return trips.valueStream().toList();
	}

}
