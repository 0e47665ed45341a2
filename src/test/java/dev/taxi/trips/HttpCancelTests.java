package dev.taxi.trips;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import dev.taxi.test.EventStream;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.taxi.trips.HttpSteps.advance;
import static dev.taxi.trips.HttpSteps.expectProblem;
import static dev.taxi.trips.V2Steps.accept;
import static dev.taxi.trips.V2Steps.expectEvent;
import static dev.taxi.trips.V2Steps.expectV1Trip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/trip/{id}/cancel/} over a real socket: the rules of {@code cancel.trip} (the
 * rider cancels a {@code REQUESTED} or {@code STARTED} trip, its driver gives a {@code STARTED} trip
 * back), {@code 200} with the nested trip, refusals as problem details that change nothing, and
 * every watcher (v1 socket, v2 socket, event stream) hearing it exactly as if it had been done over
 * the WebSocket.
 */
@TaxiServerTest
class HttpCancelTests {

	@LocalServerPort
	int port;

	TaxiApi api;

	HttpSteps http;

	V2Steps steps;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
		this.http = new HttpSteps(this.api, this.port);
		this.steps = new V2Steps(this.api);
	}

	@Test
	void riderCancelsARequestedTripAndEveryWatcherHearsIt() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient v2Driver = this.api.connectV2(this.api.driver());
				SocketClient v1Driver = this.api.connect(this.api.driver());
				SocketClient otherRider = this.api.connectV2(this.api.rider())) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			String id = trip.get("id").asString();
			assertThat(expectEvent(v2Driver, "trip.requested")).isEqualTo(trip);
			assertThat(expectV1Trip(v1Driver)).isEqualTo(trip);
			try (SocketClient riderV1 = this.api.connect(rider); EventStream stream = this.http.events(rider, id)) {
				assertThat(this.http.expectCurrentState(stream)).isEqualTo(trip);

				JsonNode canceled = this.http.cancelOk(rider, id);
				assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
				assertThat(canceled.get("driver").isNull()).isTrue();
				assertThat(canceled.get("rider")).isEqualTo(trip.get("rider"));
				assertThat(canceled.get("created")).isEqualTo(trip.get("created"));
				assertThat(this.http.stored(rider, id)).isEqualTo(canceled);

				// Heard as a cancel.trip over the WebSocket: trip.canceled only, no ref, to the trip's group and the drivers.
				assertThat(expectEvent(riderSocket, "trip.canceled")).isEqualTo(canceled);
				assertThat(expectV1Trip(riderV1)).isEqualTo(canceled);
				assertThat(expectEvent(v2Driver, "trip.canceled")).isEqualTo(canceled);
				assertThat(expectV1Trip(v1Driver)).isEqualTo(canceled);
				assertThat(stream.expect("trip.canceled")).isEqualTo(canceled);
				stream.expectEnd();
				assertNothingElse(riderSocket, riderV1, v2Driver, v1Driver, otherRider);
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
			String id = trip.get("id").asString();
			expectEvent(driverSocket, "trip.requested");
			expectEvent(otherV2Driver, "trip.requested");
			expectV1Trip(otherV1Driver);
			JsonNode accepted = accept(driverSocket, driver, trip);
			assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(accepted);
			assertThat(expectEvent(otherV2Driver, "trip.taken")).isEqualTo(accepted);
			// A v1 connection of the driver opened now follows the trip he drives.
			try (SocketClient driverV1 = this.api.connect(driver);
					EventStream riderStream = this.http.events(rider, id);
					EventStream driverStream = this.http.eventsWithQueryToken(driver, id)) {
				assertThat(this.http.expectCurrentState(riderStream)).isEqualTo(accepted);
				assertThat(this.http.expectCurrentState(driverStream)).isEqualTo(accepted);

				JsonNode canceled = this.http.cancelOk(rider, id);
				assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
				assertThat(canceled.get("driver")).isEqualTo(accepted.get("driver"));
				assertThat(this.http.stored(rider, id)).isEqualTo(canceled);
				assertThat(this.http.stored(driver, id)).isEqualTo(canceled);

				assertThat(expectEvent(riderSocket, "trip.canceled")).isEqualTo(canceled);
				assertThat(expectEvent(driverSocket, "trip.canceled")).isEqualTo(canceled);
				assertThat(expectV1Trip(driverV1)).isEqualTo(canceled);
				assertThat(riderStream.expect("trip.canceled")).isEqualTo(canceled);
				assertThat(driverStream.expect("trip.canceled")).isEqualTo(canceled);
				riderStream.expectEnd();
				driverStream.expectEnd();
				// Once taken, the trip is private: the other drivers hear nothing of its cancellation.
				assertNothingElse(riderSocket, driverSocket, driverV1, otherV2Driver, otherV1Driver);
			}
		}
	}

	@Test
	void driverGivesAStartedTripBackAndItIsOfferedAgain() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		TestUser nextDriver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient driverSocket = this.api.connectV2(driver);
				SocketClient nextDriverSocket = this.api.connectV2(nextDriver);
				SocketClient v1Driver = this.api.connect(this.api.driver())) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			String id = trip.get("id").asString();
			expectEvent(driverSocket, "trip.requested");
			expectEvent(nextDriverSocket, "trip.requested");
			expectV1Trip(v1Driver);
			JsonNode accepted = accept(driverSocket, driver, trip);
			expectEvent(riderSocket, "trip.updated");
			expectEvent(nextDriverSocket, "trip.taken");
			try (SocketClient riderV1 = this.api.connect(rider); EventStream stream = this.http.events(rider, id)) {
				assertThat(this.http.expectCurrentState(stream)).isEqualTo(accepted);

				JsonNode givenBack = this.http.cancelOk(driver, id);
				assertThat(givenBack.get("status").asString()).isEqualTo("REQUESTED");
				assertThat(givenBack.get("driver").isNull()).isTrue();
				assertThat(this.http.stored(rider, id)).isEqualTo(givenBack);

				// As a give-back over the WebSocket: the rider hears trip.updated, every driver trip.requested.
				assertThat(expectEvent(driverSocket, "trip.requested")).isEqualTo(givenBack);
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(givenBack);
				assertThat(expectV1Trip(riderV1)).isEqualTo(givenBack);
				assertThat(expectEvent(nextDriverSocket, "trip.requested")).isEqualTo(givenBack);
				assertThat(expectV1Trip(v1Driver)).isEqualTo(givenBack);
				assertThat(stream.expect("trip.updated")).isEqualTo(givenBack);
				assertNothingElse(riderSocket, riderV1, driverSocket, nextDriverSocket, v1Driver);
				assertThat(stream.isEnded()).as("a trip given back goes on: its stream stays open").isFalse();

				// Offered again: another driver takes it; the stream follows; the first driver only hears it is taken.
				JsonNode retaken = accept(nextDriverSocket, nextDriver, givenBack);
				assertThat(stream.expect("trip.updated")).isEqualTo(retaken);
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(retaken);
				assertThat(expectV1Trip(riderV1)).isEqualTo(retaken);
				assertThat(expectEvent(driverSocket, "trip.taken")).isEqualTo(retaken);
				assertNothingElse(riderSocket, riderV1, driverSocket, nextDriverSocket, v1Driver);
			}
		}
	}

	@Test
	void aStateThatDoesNotAllowItIsAConflictAndChangesNothing() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (HttpSteps.Ride ride = this.http.startedRide(rider, driver)) {
			String id = ride.tripId();
			JsonNode inProgress = advance(ride, ride.trip(), "IN_PROGRESS");
			expectProblem(this.http.cancel(rider, id), 409, HttpSteps.cancelPath(id));
			expectProblem(this.http.cancel(driver, id), 409, HttpSteps.cancelPath(id));
			assertThat(this.http.stored(rider, id)).isEqualTo(inProgress);
			assertNothingElse(ride.riderSocket(), ride.driverSocket());

			JsonNode completed = advance(ride, inProgress, "COMPLETED");
			expectProblem(this.http.cancel(rider, id), 409, HttpSteps.cancelPath(id));
			expectProblem(this.http.cancel(driver, id), 409, HttpSteps.cancelPath(id));
			assertThat(this.http.stored(rider, id)).isEqualTo(completed);
			assertNothingElse(ride.riderSocket(), ride.driverSocket());
		}
		try (SocketClient riderSocket = this.api.connectV2(rider)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			String id = trip.get("id").asString();
			JsonNode canceled = this.http.cancelOk(rider, id);
			expectEvent(riderSocket, "trip.canceled");
			expectProblem(this.http.cancel(rider, id), 409, HttpSteps.cancelPath(id));
			assertThat(this.http.stored(rider, id)).isEqualTo(canceled);
			assertNothingElse(riderSocket);
		}
	}

	@Test
	void aDriverCancellingARequestedTripHeDoesNotDriveIsForbidden() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(driver)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			String id = trip.get("id").asString();
			expectEvent(driverSocket, "trip.requested");
			// He may see it (every driver sees the requests), but it is not his to cancel.
			this.http.stored(driver, id);
			expectProblem(this.http.cancel(driver, id), 403, HttpSteps.cancelPath(id));
			assertThat(this.http.stored(rider, id)).isEqualTo(trip);
			assertNothingElse(riderSocket, driverSocket);
		}
	}

	@Test
	void aTripTheUserMayNotSeeIsNotFound() {
		TestUser rider = this.api.rider();
		TestUser otherRider = this.api.rider();
		TestUser otherDriver = this.api.driver();
		try (HttpSteps.Ride ride = this.http.startedRide(rider, this.api.driver())) {
			String id = ride.tripId();
			expectProblem(this.http.cancel(otherRider, id), 404, HttpSteps.cancelPath(id));
			expectProblem(this.http.cancel(otherDriver, id), 404, HttpSteps.cancelPath(id));
			assertThat(this.http.stored(rider, id)).isEqualTo(ride.trip());
			assertNothingElse(ride.riderSocket(), ride.driverSocket());
		}
		for (String id : List.of(V2Steps.NO_SUCH_TRIP, "not-a-uuid", "1")) {
			expectProblem(this.http.cancel(rider, id), 404, HttpSteps.cancelPath(id));
		}
	}

	@Test
	void withoutAValidAccessTokenIsUnauthorized() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			String id = trip.get("id").asString();
			expectProblem(this.http.cancelWith(null, id), 401, HttpSteps.cancelPath(id));
			expectProblem(this.http.cancelWith("garbage", id), 401, HttpSteps.cancelPath(id));
			expectProblem(this.http.cancelWith(rider.refresh(), id), 401, HttpSteps.cancelPath(id));
			// Only the event stream takes a token from the query.
			expectProblem(this.http.http().post().uri(HttpSteps.cancelPath(id) + "?token=" + rider.access()).exchange(), 401,
					HttpSteps.cancelPath(id));
			assertThat(this.http.stored(rider, id)).isEqualTo(trip);
			assertNothingElse(riderSocket);
		}
	}

	@Test
	void thePathWorksWithoutTheTrailingSlash() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider)) {
			String id = this.steps.requestTrip(riderSocket).get("id").asString();
			JsonNode canceled = this.http.http().post().uri("/api/trip/" + id + "/cancel")
				.headers(HttpSteps.bearer(rider.access())).exchange().expectStatus().isOk().expectBody(JsonNode.class)
				.returnResult().getResponseBody();
			assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
			assertThat(expectEvent(riderSocket, "trip.canceled")).isEqualTo(canceled);
			expectProblem(this.http.http().post().uri("/api/trip/" + id + "/cancel").headers(HttpSteps.bearer(rider.access()))
				.exchange(), 409, "/api/trip/" + id + "/cancel");
		}
	}

	@Test
	void theV1EndpointsKeepTheReferencesErrorBodies() {
		TestUser rider = this.api.rider();
		JsonNode notFound = this.http.http().get().uri("/api/trip/" + V2Steps.NO_SUCH_TRIP + "/")
			.headers(HttpSteps.bearer(rider.access())).exchange().expectStatus().isNotFound().expectHeader()
			.contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_JSON).expectBody(JsonNode.class)
			.returnResult().getResponseBody();
		assertThat(notFound.toString()).isEqualTo("{\"detail\":\"Not found.\"}");
		JsonNode unauthorized = this.http.http().get().uri("/api/trip/").exchange().expectStatus().isUnauthorized()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(unauthorized.toString()).isEqualTo("{\"detail\":\"Authentication credentials were not provided.\"}");
	}

	@Test
	void twoCancellationsAtOnceHaveOneWinner() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider)) {
			for (int round = 0; round < 10; round++) {
				String id = this.steps.requestTrip(riderSocket).get("id").asString();
				List<Integer> statuses = concurrently(() -> status(this.http.cancel(rider, id)),
						() -> status(this.http.cancel(rider, id)));
				assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 409);
				JsonNode canceled = expectEvent(riderSocket, "trip.canceled");
				assertThat(this.http.stored(rider, id)).isEqualTo(canceled);
				riderSocket.expectNothingElse();
			}
		}
	}

	@Test
	void aCancellationOverRestRacingAnAcceptOverTheSocketHasOneOutcome() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(driver)) {
			for (int round = 0; round < 10; round++) {
				JsonNode trip = this.steps.requestTrip(riderSocket);
				String id = trip.get("id").asString();
				expectEvent(driverSocket, "trip.requested");
				List<Integer> statuses = concurrently(() -> status(this.http.cancel(rider, id)), () -> {
					V2Steps.send(driverSocket, "update.trip", "accept-" + id, V2Steps.update(trip, "STARTED", driver));
					return 0;
				});
				int cancel = statuses.get(0);
				List<JsonNode> toDriver = V2Steps.drain(driverSocket);
				List<JsonNode> toRider = V2Steps.drain(riderSocket);
				JsonNode stored = this.http.stored(rider, id);
				if (cancel == 409) {
					// The accept was first: the trip is the driver's, and the cancel changed nothing.
					assertThat(stored.get("status").asString()).isEqualTo("STARTED");
					assertThat(stored.get("driver").get("id").asLong()).isEqualTo(driver.id());
					assertThat(types(toRider)).containsExactly("trip.updated");
					assertThat(types(toDriver)).containsExactlyInAnyOrder("trip.updated", "trip.taken");
					this.http.cancelOk(rider, id);
					expectEvent(riderSocket, "trip.canceled");
					expectEvent(driverSocket, "trip.canceled");
				}
				else {
					assertThat(cancel).as("round %d", round).isEqualTo(200);
					assertThat(stored.get("status").asString()).isEqualTo("CANCELED");
					if (stored.get("driver").isNull()) {
						// Canceled while still requested: the accept was refused, the driver told the trip is canceled.
						assertThat(types(toRider)).containsExactly("trip.canceled");
						assertThat(types(toDriver)).contains("trip.canceled");
						assertThat(types(toDriver)).doesNotContain("trip.updated", "trip.taken");
					}
					else {
						// The accept won the database first and the cancel then canceled a STARTED trip: both legal.
						assertThat(types(toRider)).containsExactlyInAnyOrder("trip.updated", "trip.canceled");
					}
				}
			}
		}
	}

	private static List<String> types(List<JsonNode> frames) {
		return frames.stream().map((frame) -> frame.get("type").asString()).toList();
	}

	private static int status(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
		return response.expectBody().returnResult().getStatus().value();
	}

	@SafeVarargs
	private static List<Integer> concurrently(java.util.function.Supplier<Integer>... actions) {
		CyclicBarrier barrier = new CyclicBarrier(actions.length);
		List<CompletableFuture<Integer>> futures = new ArrayList<>();
		for (java.util.function.Supplier<Integer> action : actions) {
			futures.add(CompletableFuture.supplyAsync(() -> {
				try {
					barrier.await();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				return action.get();
			}));
		}
		return futures.stream().map(CompletableFuture::join).toList();
	}

	private static void assertNothingElse(SocketClient... sockets) {
		for (SocketClient socket : sockets) {
			socket.expectNothingElse();
		}
	}

}
