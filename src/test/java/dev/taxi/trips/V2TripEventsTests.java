package dev.taxi.trips;

import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.taxi.trips.V2Steps.accept;
import static dev.taxi.trips.V2Steps.advance;
import static dev.taxi.trips.V2Steps.expectEvent;
import static dev.taxi.trips.V2Steps.expectEvents;
import static dev.taxi.trips.V2Steps.expectReply;
import static dev.taxi.trips.V2Steps.expectV1Trip;
import static dev.taxi.trips.V2Steps.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol v2 over real sockets: the subprotocol is negotiated per connection, trips arrive as
 * typed events, each reaching exactly its recipients ({@code trip.created}, {@code trip.requested},
 * {@code trip.updated}, {@code trip.taken}, {@code trip.canceled}), through accept, advance, cancel and
 * give-back; v1 connections in the same groups keep hearing exactly v1 frames.
 */
@TaxiServerTest
class V2TripEventsTests {

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
	void serverConfirmsV2OnlyToClientsAskingForIt() {
		TestUser rider = this.api.rider();
		try (SocketClient v2 = this.api.connectV2(rider); SocketClient v1 = this.api.connect(rider)) {
			assertThat(v2.subprotocol()).isEqualTo(TaxiApi.V2);
			assertThat(v1.subprotocol()).isNull();
		}
	}

	@Test
	void echoAnswersEchoOnV2() {
		try (SocketClient socket = this.api.connectV2(this.api.rider())) {
			socket.send("{\"type\": \"echo.message\", \"data\": {\"hello\": [1, 2]}}");
			assertThat(socket.nextText()).isEqualTo("{\"type\":\"echo.message\",\"data\":{\"hello\":[1,2]}}");
		}
	}

	@Test
	void newTripIsCreatedForItsRiderWithRefAndRequestedOfEveryDriver() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient otherRider = this.api.connectV2(this.api.rider());
				SocketClient v2Driver = this.api.connectV2(this.api.driver());
				SocketClient v1Driver = this.api.connect(this.api.driver())) {
			send(riderSocket, "create.trip", "my-request",
					Map.of("pick_up_address", V2Steps.PICK_UP, "drop_off_address", V2Steps.DROP_OFF, "rider", rider.id()));
			JsonNode trip = expectReply(riderSocket, "trip.created", "my-request");
			assertThat(trip.propertyNames()).containsExactlyInAnyOrder("id", "created", "updated", "pick_up_address",
					"drop_off_address", "status", "driver", "rider");
			assertThat(trip.get("status").asString()).isEqualTo("REQUESTED");
			assertThat(trip.get("rider").get("id").asLong()).isEqualTo(rider.id());
			assertThat(trip.get("driver").isNull()).isTrue();
			assertThat(expectEvent(v2Driver, "trip.requested")).isEqualTo(trip);
			assertThat(expectV1Trip(v1Driver)).isEqualTo(trip);
			riderSocket.expectNothingElse();
			otherRider.expectNothingElse();
			v2Driver.expectNothingElse();
			v1Driver.expectNothingElse();
		}
	}

	@Test
	void tripCreatedWithoutIdCarriesNoRef() {
		try (SocketClient riderSocket = this.api.connectV2(this.api.rider())) {
			riderSocket.send("create.trip", Map.of("pick_up_address", V2Steps.PICK_UP, "drop_off_address", V2Steps.DROP_OFF));
			assertThat(expectEvent(riderSocket, "trip.created").get("status").asString()).isEqualTo("REQUESTED");
			riderSocket.expectNothingElse();
		}
	}

	@Test
	void acceptIsUpdatedToTheTripsGroupAndTakenToDrivers() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient driverSocket = this.api.connectV2(driver);
				SocketClient otherV2Driver = this.api.connectV2(this.api.driver());
				SocketClient otherV1Driver = this.api.connect(this.api.driver());
				SocketClient otherRider = this.api.connectV2(this.api.rider())) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			expectEvent(otherV2Driver, "trip.requested");
			expectV1Trip(otherV1Driver);
			try (SocketClient riderV1 = this.api.connect(rider)) {
				JsonNode accepted = accept(driverSocket, driver, trip);
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(accepted);
				assertThat(expectV1Trip(riderV1)).isEqualTo(accepted);
				assertThat(expectEvent(otherV2Driver, "trip.taken")).isEqualTo(accepted);
				assertNothingElse(riderSocket, riderV1, driverSocket, otherV2Driver, otherV1Driver, otherRider);

				JsonNode inProgress = advance(driverSocket, driver, accepted, "IN_PROGRESS");
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(inProgress);
				assertThat(expectV1Trip(riderV1)).isEqualTo(inProgress);
				assertNothingElse(riderSocket, riderV1, driverSocket, otherV2Driver, otherV1Driver, otherRider);

				JsonNode completed = advance(driverSocket, driver, inProgress, "COMPLETED");
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(completed);
				assertThat(expectV1Trip(riderV1)).isEqualTo(completed);
				assertNothingElse(riderSocket, riderV1, driverSocket, otherV2Driver, otherV1Driver, otherRider);
				assertThat(this.steps.stored(rider, trip)).isEqualTo(completed);
			}
		}
	}

	@Test
	void v1DriverAcceptsAndCancelsBesideV2Clients() {
		TestUser rider = this.api.rider();
		TestUser v1Driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient v1DriverSocket = this.api.connect(v1Driver);
				SocketClient otherV2Driver = this.api.connectV2(this.api.driver())) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			assertThat(expectV1Trip(v1DriverSocket)).isEqualTo(trip);
			expectEvent(otherV2Driver, "trip.requested");

			v1DriverSocket.send("update.trip", V2Steps.update(trip, "STARTED", v1Driver));
			JsonNode accepted = expectV1Trip(v1DriverSocket);
			assertThat(accepted.get("status").asString()).isEqualTo("STARTED");
			assertThat(accepted.get("driver").get("id").asLong()).isEqualTo(v1Driver.id());
			assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(accepted);
			assertThat(expectEvent(otherV2Driver, "trip.taken")).isEqualTo(accepted);
			assertNothingElse(riderSocket, v1DriverSocket, otherV2Driver);

			send(riderSocket, "cancel.trip", "cancel", Map.of("id", trip.get("id").asString()));
			JsonNode canceled = expectEvent(riderSocket, "trip.canceled");
			assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
			assertThat(expectV1Trip(v1DriverSocket)).isEqualTo(canceled);
			assertNothingElse(riderSocket, v1DriverSocket, otherV2Driver);
			assertThat(this.steps.stored(rider, trip)).isEqualTo(canceled);
		}
	}

	@Test
	void riderCancelsARequestedTripAndEveryDriverHearsIt() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient v2Driver = this.api.connectV2(this.api.driver());
				SocketClient v1Driver = this.api.connect(this.api.driver());
				SocketClient otherRider = this.api.connectV2(this.api.rider())) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(v2Driver, "trip.requested");
			expectV1Trip(v1Driver);
			try (SocketClient riderV1 = this.api.connect(rider)) {
				send(riderSocket, "cancel.trip", "cancel-1", Map.of("id", trip.get("id").asString()));
				JsonNode canceled = expectEvent(riderSocket, "trip.canceled");
				assertThat(canceled.get("id")).isEqualTo(trip.get("id"));
				assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
				assertThat(canceled.get("driver").isNull()).isTrue();
				assertThat(expectEvent(v2Driver, "trip.canceled")).isEqualTo(canceled);
				assertThat(expectV1Trip(v1Driver)).isEqualTo(canceled);
				assertThat(expectV1Trip(riderV1)).isEqualTo(canceled);
				// trip.canceled only: no trip.updated beside it.
				assertNothingElse(riderSocket, riderV1, v2Driver, v1Driver, otherRider);
				assertThat(this.steps.stored(rider, trip)).isEqualTo(canceled);
			}
		}
	}

	@Test
	void riderCancelsAStartedTripAndOnlyItsDriverHearsIt() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient driverSocket = this.api.connectV2(driver);
				SocketClient otherV2Driver = this.api.connectV2(this.api.driver());
				SocketClient otherV1Driver = this.api.connect(this.api.driver())) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			expectEvent(otherV2Driver, "trip.requested");
			expectV1Trip(otherV1Driver);
			JsonNode accepted = accept(driverSocket, driver, trip);
			expectEvent(riderSocket, "trip.updated");
			expectEvent(otherV2Driver, "trip.taken");
			try (SocketClient riderV1 = this.api.connect(rider)) {
				send(riderSocket, "cancel.trip", "cancel-2", Map.of("id", trip.get("id").asString()));
				JsonNode canceled = expectEvent(riderSocket, "trip.canceled");
				assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
				assertThat(canceled.get("driver")).isEqualTo(accepted.get("driver"));
				assertThat(expectEvent(driverSocket, "trip.canceled")).isEqualTo(canceled);
				assertThat(expectV1Trip(riderV1)).isEqualTo(canceled);
				assertNothingElse(riderSocket, riderV1, driverSocket, otherV2Driver, otherV1Driver);
				assertThat(this.steps.stored(rider, trip)).isEqualTo(canceled);
				assertThat(this.steps.stored(driver, trip)).isEqualTo(canceled);
			}
		}
	}

	@Test
	void driverGivesAStartedTripBackAndEveryDriverIsOfferedItAgain() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		TestUser nextDriver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient driverSocket = this.api.connectV2(driver);
				SocketClient nextDriverSocket = this.api.connectV2(nextDriver);
				SocketClient v1Driver = this.api.connect(this.api.driver())) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			expectEvent(nextDriverSocket, "trip.requested");
			expectV1Trip(v1Driver);
			accept(driverSocket, driver, trip);
			expectEvent(riderSocket, "trip.updated");
			expectEvent(nextDriverSocket, "trip.taken");
			try (SocketClient riderV1 = this.api.connect(rider)) {
				send(driverSocket, "cancel.trip", "give-back", Map.of("id", trip.get("id").asString()));
				JsonNode givenBack = expectEvent(driverSocket, "trip.requested");
				assertThat(givenBack.get("status").asString()).isEqualTo("REQUESTED");
				assertThat(givenBack.get("driver").isNull()).isTrue();
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(givenBack);
				assertThat(expectEvent(nextDriverSocket, "trip.requested")).isEqualTo(givenBack);
				assertThat(expectV1Trip(v1Driver)).isEqualTo(givenBack);
				assertThat(expectV1Trip(riderV1)).isEqualTo(givenBack);
				assertNothingElse(riderSocket, riderV1, driverSocket, nextDriverSocket, v1Driver);
				assertThat(this.steps.stored(rider, trip)).isEqualTo(givenBack);

				// Offered again: another driver takes it, and the one who gave it back is out of its group.
				JsonNode retaken = accept(nextDriverSocket, nextDriver, givenBack);
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(retaken);
				assertThat(expectV1Trip(riderV1)).isEqualTo(retaken);
				assertThat(expectEvent(driverSocket, "trip.taken")).isEqualTo(retaken);
				assertNothingElse(riderSocket, riderV1, driverSocket, nextDriverSocket, v1Driver);
				JsonNode inProgress = advance(nextDriverSocket, nextDriver, retaken, "IN_PROGRESS");
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(inProgress);
				assertThat(expectV1Trip(riderV1)).isEqualTo(inProgress);
				assertNothingElse(riderSocket, riderV1, driverSocket, nextDriverSocket, v1Driver);
			}
		}
	}

	@Test
	void reconnectingV2ClientsRejoinTheirTripsGroups() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		JsonNode accepted;
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(driver)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			accepted = accept(driverSocket, driver, trip);
			expectEvent(riderSocket, "trip.updated");
		}
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(driver)) {
			JsonNode inProgress = advance(driverSocket, driver, accepted, "IN_PROGRESS");
			assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(inProgress);
			assertNothingElse(riderSocket, driverSocket);
		}
	}

	private static void assertNothingElse(SocketClient... sockets) {
		for (SocketClient socket : sockets) {
			socket.expectNothingElse();
		}
	}

}
