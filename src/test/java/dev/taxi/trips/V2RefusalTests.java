package dev.taxi.trips;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.taxi.trips.V2Steps.accept;
import static dev.taxi.trips.V2Steps.advance;
import static dev.taxi.trips.V2Steps.expectError;
import static dev.taxi.trips.V2Steps.expectEvent;
import static dev.taxi.trips.V2Steps.expectReply;
import static dev.taxi.trips.V2Steps.expectV1Trip;
import static dev.taxi.trips.V2Steps.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol v2 refusals over real sockets: every refused message is answered with an {@code error}
 * carrying the code "Which code" names and the message's {@code id} as {@code ref}; the socket stays
 * usable, nobody else hears anything and the stored trip does not change. Also {@code ping}, the
 * {@code id} rules, and the abuse limits that do close the socket, after an {@code error}.
 */
@TaxiServerTest
class V2RefusalTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	TaxiApi api;

	V2Steps steps;

	double handlerFailuresBefore;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
		this.steps = new V2Steps(this.api);
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
	void pingIsAnsweredWithPongCarryingRefAndTheObjectSent() {
		try (SocketClient socket = this.api.connectV2(this.api.rider())) {
			send(socket, "ping", "p-1", Map.of("n", 1));
			JsonNode echoed = expectReply(socket, "pong", "p-1");
			assertThat(echoed.propertyNames()).containsExactly("n");
			assertThat(echoed.get("n").asInt()).isEqualTo(1);
			send(socket, "ping", "p-2", "not an object");
			JsonNode empty = expectReply(socket, "pong", "p-2");
			assertThat(empty.isObject() && empty.isEmpty()).as("pong data %s", empty).isTrue();
			socket.send("{\"type\": \"ping\"}");
			JsonNode pong = expectEvent(socket, "pong");
			assertThat(pong.isObject() && pong.isEmpty()).as("pong data %s", pong).isTrue();
			socket.expectNothingElse();
		}
	}

	@Test
	void idOfSixtyFourCharactersIsEchoedAsRefAndALongerOneIsABadRequest() {
		try (SocketClient socket = this.api.connectV2(this.api.rider())) {
			String longest = "i".repeat(64);
			send(socket, "ping", longest, Map.of());
			expectReply(socket, "pong", longest);
			// 64 code points, 128 UTF-16 units: still allowed.
			String emoji = "\uD83D\uDE80".repeat(64);
			send(socket, "ping", emoji, Map.of());
			expectReply(socket, "pong", emoji);
			send(socket, "ping", "i".repeat(65), Map.of());
			expectError(socket, "bad_request", null);
			socket.send("{\"type\": \"ping\", \"id\": 7, \"data\": {}}");
			expectError(socket, "bad_request", null);
			socket.expectNothingElse();
			send(socket, "ping", "after", Map.of());
			expectReply(socket, "pong", "after");
		}
	}

	@Test
	void unknownTypeIsRefusedWithRef() {
		try (SocketClient socket = this.api.connectV2(this.api.rider())) {
			send(socket, "no.such.type", "u-1", Map.of());
			expectError(socket, "unknown_type", "u-1");
			socket.expectNothingElse();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "{\"type\": \"ping\"", "[1, 2]", "\"text\"", "42", "{}",
			"{\"data\": {}}", "{\"type\": 7}" })
	void malformedFramesAreBadRequests(String frame) {
		try (SocketClient socket = this.api.connectV2(this.api.rider())) {
			socket.send(frame);
			expectError(socket, "bad_request", null);
			socket.expectNothingElse();
		}
	}

	@Test
	void messageWithoutTypeButWithIdIsABadRequestWithRef() {
		try (SocketClient socket = this.api.connectV2(this.api.rider())) {
			socket.send("{\"id\": \"t-1\", \"data\": {}}");
			expectError(socket, "bad_request", "t-1");
			socket.expectNothingElse();
		}
	}

	@Test
	void riderNamingAnotherRiderIsForbiddenAndNothingIsCreated() {
		TestUser rider = this.api.rider();
		TestUser other = this.api.rider();
		try (SocketClient socket = this.api.connectV2(rider); SocketClient driver = this.api.connectV2(this.api.driver())) {
			send(socket, "create.trip", "c-1",
					Map.of("pick_up_address", V2Steps.PICK_UP, "drop_off_address", V2Steps.DROP_OFF, "rider", other.id()));
			expectError(socket, "forbidden", "c-1");
			socket.expectNothingElse();
			driver.expectNothingElse();
		}
		assertThat(this.steps.tripCount(rider)).isZero();
		assertThat(this.steps.tripCount(other)).isZero();
	}

	@Test
	void driverCreatingATripIsForbidden() {
		try (SocketClient socket = this.api.connectV2(this.api.driver())) {
			send(socket, "create.trip", "c-2", Map.of("pick_up_address", V2Steps.PICK_UP, "drop_off_address", V2Steps.DROP_OFF));
			expectError(socket, "forbidden", "c-2");
			socket.expectNothingElse();
		}
	}

	@Test
	void createWithMissingAddressIsABadRequest() {
		TestUser rider = this.api.rider();
		try (SocketClient socket = this.api.connectV2(rider)) {
			send(socket, "create.trip", "c-3", Map.of("pick_up_address", V2Steps.PICK_UP));
			expectError(socket, "bad_request", "c-3");
			socket.expectNothingElse();
		}
		assertThat(this.steps.tripCount(rider)).isZero();
	}

	@Test
	void unknownStatusIsABadRequestOnV2AndTheCurrentTripOnV1() {
		TestUser rider = this.api.rider();
		TestUser v2Driver = this.api.driver();
		TestUser v1Driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient v2DriverSocket = this.api.connectV2(v2Driver);
				SocketClient v1DriverSocket = this.api.connect(v1Driver)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(v2DriverSocket, "trip.requested");
			expectV1Trip(v1DriverSocket);

			send(v2DriverSocket, "update.trip", "s-1",
					Map.of("id", trip.get("id").asString(), "status", "FLYING", "driver", v2Driver.id()));
			expectError(v2DriverSocket, "bad_request", "s-1");

			v1DriverSocket.send("update.trip", Map.of("id", trip.get("id").asString(), "status", "FLYING", "driver", v1Driver.id()));
			assertThat(expectV1Trip(v1DriverSocket)).isEqualTo(trip);

			riderSocket.expectNothingElse();
			v2DriverSocket.expectNothingElse();
			v1DriverSocket.expectNothingElse();
			assertThat(this.steps.stored(rider, trip)).isEqualTo(trip);
		}
	}

	@Test
	void riderUpdatingATripIsForbidden() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			send(riderSocket, "update.trip", "u-2", Map.of("id", trip.get("id").asString(), "status", "STARTED"));
			expectError(riderSocket, "forbidden", "u-2");
			riderSocket.expectNothingElse();
			assertThat(this.steps.stored(rider, trip)).isEqualTo(trip);
		}
	}

	@Test
	void acceptingATakenTripIsAConflict() {
		TestUser rider = this.api.rider();
		TestUser winner = this.api.driver();
		TestUser loser = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient winnerSocket = this.api.connectV2(winner);
				SocketClient loserSocket = this.api.connectV2(loser)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(winnerSocket, "trip.requested");
			expectEvent(loserSocket, "trip.requested");
			JsonNode accepted = accept(winnerSocket, winner, trip);
			expectEvent(riderSocket, "trip.updated");
			expectEvent(loserSocket, "trip.taken");
			send(loserSocket, "update.trip", "late", V2Steps.update(trip, "STARTED", loser));
			expectError(loserSocket, "conflict", "late");
			loserSocket.expectNothingElse();
			riderSocket.expectNothingElse();
			winnerSocket.expectNothingElse();
			assertThat(this.steps.stored(rider, trip)).isEqualTo(accepted);
		}
	}

	@Test
	void cancelingAnUnknownOrMalformedTripIsRefused() {
		try (SocketClient socket = this.api.connectV2(this.api.rider())) {
			send(socket, "cancel.trip", "k-1", Map.of("id", V2Steps.NO_SUCH_TRIP));
			expectError(socket, "not_found", "k-1");
			send(socket, "cancel.trip", "k-2", Map.of("id", "not-a-uuid"));
			expectError(socket, "bad_request", "k-2");
			send(socket, "cancel.trip", "k-3", Map.of());
			expectError(socket, "bad_request", "k-3");
			socket.expectNothingElse();
		}
	}

	@Test
	void cancelingAnotherRidersTripIsNotFound() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient otherRider = this.api.connectV2(this.api.rider());
				SocketClient driver = this.api.connectV2(this.api.driver())) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(driver, "trip.requested");
			send(otherRider, "cancel.trip", "k-4", Map.of("id", trip.get("id").asString()));
			expectError(otherRider, "not_found", "k-4");
			otherRider.expectNothingElse();
			riderSocket.expectNothingElse();
			driver.expectNothingElse();
			assertThat(this.steps.stored(rider, trip)).isEqualTo(trip);
		}
	}

	@Test
	void driverCancelingARequestedTripIsForbidden() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driver = this.api.connectV2(this.api.driver())) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(driver, "trip.requested");
			send(driver, "cancel.trip", "k-5", Map.of("id", trip.get("id").asString()));
			expectError(driver, "forbidden", "k-5");
			driver.expectNothingElse();
			riderSocket.expectNothingElse();
			assertThat(this.steps.stored(rider, trip)).isEqualTo(trip);
		}
	}

	@Test
	void driverGivingBackATripAnotherDriverDrivesIsNotFound() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient driverSocket = this.api.connectV2(driver);
				SocketClient intruder = this.api.connectV2(this.api.driver())) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			expectEvent(intruder, "trip.requested");
			JsonNode accepted = accept(driverSocket, driver, trip);
			expectEvent(riderSocket, "trip.updated");
			expectEvent(intruder, "trip.taken");
			send(intruder, "cancel.trip", "k-6", Map.of("id", trip.get("id").asString()));
			expectError(intruder, "not_found", "k-6");
			intruder.expectNothingElse();
			riderSocket.expectNothingElse();
			driverSocket.expectNothingElse();
			assertThat(this.steps.stored(rider, trip)).isEqualTo(accepted);
		}
	}

	@Test
	void cancelingInProgressCompletedOrCanceledTripsIsAConflict() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(driver)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			JsonNode accepted = accept(driverSocket, driver, trip);
			expectEvent(riderSocket, "trip.updated");
			JsonNode inProgress = advance(driverSocket, driver, accepted, "IN_PROGRESS");
			expectEvent(riderSocket, "trip.updated");
			assertCancelConflicts(rider, riderSocket, driverSocket, inProgress);

			JsonNode completed = advance(driverSocket, driver, inProgress, "COMPLETED");
			expectEvent(riderSocket, "trip.updated");
			assertCancelConflicts(rider, riderSocket, driverSocket, completed);

			JsonNode requested = this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			send(riderSocket, "cancel.trip", "first", Map.of("id", requested.get("id").asString()));
			JsonNode canceled = expectEvent(riderSocket, "trip.canceled");
			expectEvent(driverSocket, "trip.canceled");
			send(riderSocket, "cancel.trip", "again", Map.of("id", requested.get("id").asString()));
			expectError(riderSocket, "conflict", "again");
			riderSocket.expectNothingElse();
			driverSocket.expectNothingElse();
			assertThat(this.steps.stored(rider, requested)).isEqualTo(canceled);
		}
	}

	/** Both the rider and the driver of the trip are refused with a conflict, and nothing changes. */
	private void assertCancelConflicts(TestUser rider, SocketClient riderSocket, SocketClient driverSocket, JsonNode trip) {
		String status = trip.get("status").asString();
		send(riderSocket, "cancel.trip", "rider-" + status, Map.of("id", trip.get("id").asString()));
		expectError(riderSocket, "conflict", "rider-" + status);
		send(driverSocket, "cancel.trip", "driver-" + status, Map.of("id", trip.get("id").asString()));
		expectError(driverSocket, "conflict", "driver-" + status);
		riderSocket.expectNothingElse();
		driverSocket.expectNothingElse();
		assertThat(this.steps.stored(rider, trip)).isEqualTo(trip);
	}

	@Test
	void frameOverTheSizeLimitGetsTooLargeThenClose1009() {
		try (SocketClient socket = this.api.connectV2(this.api.rider())) {
			Map<String, Object> message = new LinkedHashMap<>();
			message.put("type", "echo.message");
			message.put("data", "x".repeat(70 * 1024));
			socket.sendJson(message);
			JsonNode error = socket.next();
			assertThat(error.path("type").asString()).as("%s", error).isEqualTo("error");
			assertThat(error.get("data").get("code").asString()).isEqualTo("too_large");
			assertThat(socket.awaitClose().getCode()).isEqualTo(1009);
		}
	}

	@Test
	void tooManyMessagesGetRateLimitedThenClose1008() {
		try (SocketClient socket = this.api.connectV2(this.api.rider())) {
			// A burst past the limit (50 a second), then silence: frames still arriving after the
			// server closed would make its TCP stack reset the connection before the close frame is read.
			for (int i = 0; i < 100; i++) {
				socket.send("echo.message", i);
			}
			JsonNode frame = socket.next();
			for (int i = 0; i < 100 && frame.path("type").asString().equals("echo.message"); i++) {
				frame = socket.next();
			}
			assertThat(frame.path("type").asString()).as("%s", frame).isEqualTo("error");
			assertThat(frame.get("data").get("code").asString()).isEqualTo("rate_limited");
			assertThat(socket.awaitClose().getCode()).isEqualTo(1008);
		}
	}

}
