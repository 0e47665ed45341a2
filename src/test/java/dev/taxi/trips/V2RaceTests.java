package dev.taxi.trips;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.taxi.trips.V2Steps.accept;
import static dev.taxi.trips.V2Steps.assertError;
import static dev.taxi.trips.V2Steps.drain;
import static dev.taxi.trips.V2Steps.expectEvent;
import static dev.taxi.trips.V2Steps.expectReply;
import static dev.taxi.trips.V2Steps.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancellations racing other changes of the same trip, sent at the same moment over v2, many times:
 * cancel against accept, give-back against cancel, two cancels. The database decides: an action
 * that the state no longer allows is refused with {@code conflict}, never half done; the stored trip
 * is the winner's, and what each connection was told matches it.
 * <p>
 * An accept that wins before the rider's cancel is even read leaves a {@code STARTED} trip, which
 * the rider may still cancel; the same holds for a give-back followed by a cancel. Such an order is
 * not a lost race but two legal actions one after the other, and is checked as such.
 */
@TaxiServerTest
class V2RaceTests {

	private static final int ROUNDS = 10;

	@LocalServerPort
	int port;

	TaxiApi api;

	V2Steps steps;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
		this.steps = new V2Steps(this.api);
	}

	@Test
	void cancelRacingAnAcceptHasOneOutcome() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		int canceledFirst = 0;
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient driverSocket = this.api.connectV2(driver);
				SocketClient observer = this.api.connectV2(this.api.driver())) {
			for (int round = 0; round < ROUNDS; round++) {
				JsonNode trip = this.steps.requestTrip(riderSocket);
				expectEvent(driverSocket, "trip.requested");
				expectEvent(observer, "trip.requested");
				String cancelId = "cancel-" + round;
				String acceptId = "accept-" + round;
				Runnable cancel = () -> send(riderSocket, "cancel.trip", cancelId, Map.of("id", trip.get("id").asString()));
				Runnable acceptIt = () -> send(driverSocket, "update.trip", acceptId, V2Steps.update(trip, "STARTED", driver));
				sendBoth(round, cancel, acceptIt);

				Heard heard = hear(riderSocket, driverSocket, observer);
				JsonNode stored = this.steps.stored(rider, trip);
				JsonNode cancelRefusal = heard.errorFor(0, cancelId);
				JsonNode acceptRefusal = heard.errorFor(1, acceptId);
				assertThat(cancelRefusal == null || acceptRefusal == null).as("at most one refused: %s", heard).isTrue();
				if (acceptRefusal != null) {
					canceledFirst++;
					assertError(acceptRefusal, "conflict", acceptId);
					assertThat(stored.get("status").asString()).isEqualTo("CANCELED");
					assertThat(stored.get("driver").isNull()).isTrue();
					heard.assertTypes(0, "trip.canceled");
					heard.assertTypes(1, "trip.canceled", "error");
					heard.assertTypes(2, "trip.canceled");
					heard.assertAllTripsEqual(stored);
				}
				else if (cancelRefusal != null) {
					assertError(cancelRefusal, "conflict", cancelId);
					assertThat(stored.get("status").asString()).isEqualTo("STARTED");
					assertThat(stored.get("driver").get("id").asLong()).isEqualTo(driver.id());
					heard.assertTypes(0, "trip.updated", "error");
					heard.assertTypes(1, "trip.updated", "trip.taken");
					heard.assertTypes(2, "trip.taken");
					heard.assertAllTripsEqual(stored);
				}
				else {
					// The accept was done before the cancel was read: two legal changes in a row.
					assertThat(stored.get("status").asString()).isEqualTo("CANCELED");
					assertThat(stored.get("driver").get("id").asLong()).isEqualTo(driver.id());
					heard.assertTypes(0, "trip.updated", "trip.canceled");
					heard.assertTypes(1, "trip.updated", "trip.taken", "trip.canceled");
					heard.assertTypes(2, "trip.taken");
					assertThat(heard.last(0, "trip.canceled")).isEqualTo(stored);
					assertThat(heard.last(1, "trip.canceled")).isEqualTo(stored);
					assertThat(heard.last(0, "trip.updated").get("status").asString()).isEqualTo("STARTED");
					assertThat(heard.before(0, "trip.updated", "trip.canceled")).isTrue();
					assertThat(heard.before(1, "trip.updated", "trip.canceled")).isTrue();
				}
			}
		}
		// Not asserted, but useful when reading a run: how often each side was first.
		System.out.println("cancel before accept in " + canceledFirst + " of " + ROUNDS + " rounds");
	}

	@Test
	void giveBackRacingACancelHasOneOutcome() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient driverSocket = this.api.connectV2(driver);
				SocketClient observer = this.api.connectV2(this.api.driver())) {
			for (int round = 0; round < ROUNDS; round++) {
				JsonNode trip = this.steps.requestTrip(riderSocket);
				expectEvent(driverSocket, "trip.requested");
				expectEvent(observer, "trip.requested");
				JsonNode accepted = accept(driverSocket, driver, trip);
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(accepted);
				assertThat(expectEvent(observer, "trip.taken")).isEqualTo(accepted);
				String cancelId = "cancel-" + round;
				String giveBackId = "give-back-" + round;
				Runnable cancel = () -> send(riderSocket, "cancel.trip", cancelId, Map.of("id", trip.get("id").asString()));
				Runnable giveBack = () -> send(driverSocket, "cancel.trip", giveBackId, Map.of("id", trip.get("id").asString()));
				sendBoth(round, cancel, giveBack);

				Heard heard = hear(riderSocket, driverSocket, observer);
				JsonNode stored = this.steps.stored(rider, trip);
				JsonNode cancelRefusal = heard.errorFor(0, cancelId);
				JsonNode giveBackRefusal = heard.errorFor(1, giveBackId);
				assertThat(cancelRefusal == null || giveBackRefusal == null).as("at most one refused: %s", heard).isTrue();
				if (giveBackRefusal != null) {
					assertError(giveBackRefusal, "conflict", giveBackId);
					assertThat(stored.get("status").asString()).isEqualTo("CANCELED");
					assertThat(stored.get("driver").get("id").asLong()).isEqualTo(driver.id());
					heard.assertTypes(0, "trip.canceled");
					heard.assertTypes(1, "trip.canceled", "error");
					heard.assertTypes(2);
					heard.assertAllTripsEqual(stored);
				}
				else if (cancelRefusal != null) {
					assertError(cancelRefusal, "conflict", cancelId);
					assertThat(stored.get("status").asString()).isEqualTo("REQUESTED");
					assertThat(stored.get("driver").isNull()).isTrue();
					heard.assertTypes(0, "trip.updated", "error");
					heard.assertTypes(1, "trip.requested");
					heard.assertTypes(2, "trip.requested");
					heard.assertAllTripsEqual(stored);
				}
				else {
					// Given back before the cancel was read: the rider then cancelled a requested trip.
					assertThat(stored.get("status").asString()).isEqualTo("CANCELED");
					assertThat(stored.get("driver").isNull()).isTrue();
					heard.assertTypes(0, "trip.updated", "trip.canceled");
					heard.assertTypes(1, "trip.requested", "trip.canceled");
					heard.assertTypes(2, "trip.requested", "trip.canceled");
					assertThat(heard.last(0, "trip.updated").get("status").asString()).isEqualTo("REQUESTED");
					for (int socket = 0; socket < 3; socket++) {
						assertThat(heard.last(socket, "trip.canceled")).isEqualTo(stored);
					}
					assertThat(heard.before(0, "trip.updated", "trip.canceled")).isTrue();
					assertThat(heard.before(1, "trip.requested", "trip.canceled")).isTrue();
					assertThat(heard.before(2, "trip.requested", "trip.canceled")).isTrue();
				}
			}
		}
	}

	@Test
	void twoCancelsOfOneTripHaveOneWinner() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient first = this.api.connectV2(rider);
				SocketClient second = this.api.connectV2(rider);
				SocketClient driverSocket = this.api.connectV2(driver)) {
			for (int round = 0; round < ROUNDS; round++) {
				JsonNode trip = this.steps.requestTrip(first);
				expectEvent(driverSocket, "trip.requested");
				send(second, "subscribe", "follow-" + round, Map.of("model", "trip", "id", trip.get("id").asString()));
				expectReply(second, "subscribed", "follow-" + round);
				boolean started = round % 2 == 1;
				if (started) {
					JsonNode accepted = accept(driverSocket, driver, trip);
					assertThat(expectEvent(first, "trip.updated")).isEqualTo(accepted);
					assertThat(expectEvent(second, "trip.updated")).isEqualTo(accepted);
				}
				String firstId = "first-" + round;
				String secondId = "second-" + round;
				Runnable cancelFirst = () -> send(first, "cancel.trip", firstId, Map.of("id", trip.get("id").asString()));
				Runnable cancelSecond = () -> send(second, "cancel.trip", secondId, Map.of("id", trip.get("id").asString()));
				sendBoth(round, cancelFirst, cancelSecond);

				Heard heard = hear(first, second, driverSocket);
				JsonNode stored = this.steps.stored(rider, trip);
				JsonNode firstRefusal = heard.errorFor(0, firstId);
				JsonNode secondRefusal = heard.errorFor(1, secondId);
				assertThat(firstRefusal == null ^ secondRefusal == null).as("exactly one refused: %s", heard).isTrue();
				assertError((firstRefusal != null) ? firstRefusal : secondRefusal, "conflict",
						(firstRefusal != null) ? firstId : secondId);
				assertThat(stored.get("status").asString()).isEqualTo("CANCELED");
				assertThat(stored.get("driver").isNull()).isEqualTo(!started);
				heard.assertTypes((firstRefusal != null) ? 0 : 1, "trip.canceled", "error");
				heard.assertTypes((firstRefusal != null) ? 1 : 0, "trip.canceled");
				heard.assertTypes(2, "trip.canceled");
				heard.assertAllTripsEqual(stored);
			}
		}
	}

	/** Sends both at once, alternating which goes first so neither side is always ahead. */
	private static void sendBoth(int round, Runnable one, Runnable other) {
		if (round % 2 == 0) {
			one.run();
			other.run();
		}
		else {
			other.run();
			one.run();
		}
	}

	/**
	 * Everything each connection heard of the race. The first round of markers proves both actions
	 * were handled (a connection's messages are handled in order, and a handler is done once its
	 * events were sent to the groups); the second collects what the other's action sent later.
	 */
	private static Heard hear(SocketClient... sockets) {
		List<List<JsonNode>> frames = new ArrayList<>();
		for (SocketClient socket : sockets) {
			frames.add(new ArrayList<>(drain(socket)));
		}
		for (int i = 0; i < sockets.length; i++) {
			frames.get(i).addAll(drain(sockets[i]));
		}
		return new Heard(frames);
	}

	/** The frames each of a race's connections heard, in order. */
	private record Heard(List<List<JsonNode>> frames) {

		@Nullable JsonNode errorFor(int socket, String ref) {
			return this.frames.get(socket).stream()
				.filter((frame) -> frame.path("type").asString().equals("error") && frame.path("ref").asString().equals(ref))
				.findFirst().orElse(null);
		}

		/** Heard exactly these types, in any order, each once. */
		void assertTypes(int socket, String... types) {
			assertThat(this.frames.get(socket).stream().map((frame) -> frame.path("type").asString()))
				.as("frames of connection %d: %s", socket, this.frames.get(socket)).containsExactlyInAnyOrder(types);
		}

		/** Every trip event heard is the trip as stored: the outcome told is the outcome kept. */
		void assertAllTripsEqual(JsonNode stored) {
			for (List<JsonNode> heard : this.frames) {
				heard.stream().filter((frame) -> frame.path("type").asString().startsWith("trip."))
					.forEach((frame) -> assertThat(frame.get("data")).as("told %s, stored %s", frame, stored).isEqualTo(stored));
			}
		}

		JsonNode last(int socket, String type) {
			List<JsonNode> ofType = this.frames.get(socket).stream().filter((frame) -> frame.path("type").asString().equals(type))
				.toList();
			assertThat(ofType).as("%s on connection %d", type, socket).isNotEmpty();
			return ofType.get(ofType.size() - 1).get("data");
		}

		boolean before(int socket, String earlier, String later) {
			List<String> types = this.frames.get(socket).stream().map((frame) -> frame.path("type").asString()).toList();
			return types.indexOf(earlier) >= 0 && types.indexOf(earlier) < types.indexOf(later);
		}

	}

}
