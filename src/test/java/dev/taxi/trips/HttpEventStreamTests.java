package dev.taxi.trips;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.taxi.test.EventStream;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.taxi.trips.HttpSteps.advance;
import static dev.taxi.trips.HttpSteps.expectProblem;
import static dev.taxi.trips.V2Steps.accept;
import static dev.taxi.trips.V2Steps.expectEvent;
import static dev.taxi.trips.V2Steps.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/trip/{id}/events/}: Server-Sent Events of one trip, read over a real socket. It
 * starts with the trip's current state ({@code trip.updated}), then carries every change, chat
 * message and (to the rider) driver location as the v2 socket does, in order, with the same data;
 * a comment keeps it open while nothing happens (every 200 ms here); it ends after the trip is
 * completed or canceled. Authenticated by the Bearer header or by {@code ?token=}; {@code 404} for
 * a trip the user may not see and {@code 401} without a valid token, as problem details; a user
 * deactivated meanwhile hears no more.
 */
@TaxiServerTest
@TestPropertySource(properties = { HttpSteps.HEARTBEAT, HttpSteps.NO_MESSAGE_RATE_LIMIT, HttpSteps.NO_LOCATION_RATE_LIMIT })
class HttpEventStreamTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	DatabaseClient database;

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
	void theRidersAndTheDriversStreamsFollowARideToItsEndInOrder() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(driver)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			String id = trip.get("id").asString();
			expectEvent(driverSocket, "trip.requested");
			try (EventStream riderStream = this.http.events(rider, id)) {
				assertThat(this.http.expectCurrentState(riderStream)).isEqualTo(trip);

				JsonNode accepted = accept(driverSocket, driver, trip);
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(accepted);
				assertThat(riderStream.expect("trip.updated")).isEqualTo(accepted);
				HttpSteps.Ride ride = new HttpSteps.Ride(rider, riderSocket, driver, driverSocket, accepted);

				try (EventStream driverStream = this.http.eventsWithQueryToken(driver, id)) {
					assertThat(this.http.expectCurrentState(driverStream)).isEqualTo(accepted);

					JsonNode hello = HttpSteps.chat(ride, riderSocket, "I'm at the door");
					assertThat(riderStream.expect("chat.message")).isEqualTo(hello);
					assertThat(driverStream.expect("chat.message")).isEqualTo(hello);

					driverSocket.send("update.location", Map.of("lat", 52.52, "lng", 13.405, "heading", 90, "speed", 8.3));
					JsonNode location = expectEvent(riderSocket, "driver.location");
					JsonNode streamed = riderStream.expect("driver.location");
					assertThat(streamed).isEqualTo(location);
					assertThat(streamed.propertyNames()).containsExactlyInAnyOrder("trip_id", "driver_id", "lat", "lng",
							"heading", "speed", "at");
					assertThat(streamed.get("trip_id").asString()).isEqualTo(id);
					assertThat(streamed.get("driver_id").asLong()).isEqualTo(driver.id());
					assertThat(streamed.get("lat").asDouble()).isEqualTo(52.52);
					assertThat(streamed.get("lng").asDouble()).isEqualTo(13.405);

					JsonNode inProgress = advance(ride, accepted, "IN_PROGRESS");
					// The driver's own location is not sent to his stream: the next thing on it is the change.
					assertThat(driverStream.expect("trip.updated")).isEqualTo(inProgress);
					assertThat(riderStream.expect("trip.updated")).isEqualTo(inProgress);

					JsonNode thanks = HttpSteps.chat(ride, driverSocket, "Buckle up");
					assertThat(riderStream.expect("chat.message")).isEqualTo(thanks);
					assertThat(driverStream.expect("chat.message")).isEqualTo(thanks);

					JsonNode completed = advance(ride, inProgress, "COMPLETED");
					assertThat(riderStream.expect("trip.updated")).isEqualTo(completed);
					assertThat(driverStream.expect("trip.updated")).isEqualTo(completed);
					riderStream.expectEnd();
					driverStream.expectEnd();
				}
			}
		}
	}

	@Test
	void eventsAreEventAndDataLinesWithTheDataAloneAsJson() {
		try (HttpSteps.Ride ride = this.http.startedRide(); EventStream stream = this.http.events(ride.rider(), ride.tripId())) {
			this.http.expectCurrentState(stream);
			JsonNode message = HttpSteps.chat(ride, ride.riderSocket(), "hello");
			assertThat(stream.expect("chat.message")).isEqualTo(message);
			String raw = stream.raw();
			List<String> fieldLines = raw.lines().filter((line) -> !line.isEmpty() && !line.startsWith(":")).toList();
			assertThat(fieldLines).hasSize(4);
			assertThat(fieldLines.get(0)).matches("event: ?trip\\.updated");
			assertThat(fieldLines.get(1)).matches("data: ?\\{.*\"status\": ?\"STARTED\".*\\}");
			assertThat(fieldLines.get(2)).matches("event: ?chat\\.message");
			assertThat(fieldLines.get(3)).matches("data: ?\\{.*\"text\": ?\"hello\".*\\}");
			// The data is the event's data, not a v2 envelope around it.
			assertThat(stream.raw()).doesNotContain("\"trip.updated\"", "\"chat.message\"");
		}
	}

	@Test
	void aCommentKeepsTheStreamOpenWhileNothingHappens() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			String id = trip.get("id").asString();
			try (EventStream stream = this.http.events(rider, id)) {
				assertThat(this.http.expectCurrentState(stream)).isEqualTo(trip);
				// Nothing happens to the trip: the next things on the stream are heartbeat comments.
				stream.expectComment();
				stream.expectComment();
				stream.expectComment();
				assertThat(stream.isEnded()).isFalse();
				assertThat(stream.raw().lines().filter((line) -> line.startsWith(":")).count()).isGreaterThanOrEqualTo(3);

				// Still following: a change after the heartbeats arrives, and ends the stream.
				send(riderSocket, "cancel.trip", "cancel", Map.of("id", id));
				JsonNode canceled = expectEvent(riderSocket, "trip.canceled");
				assertThat(stream.expect("trip.canceled")).isEqualTo(canceled);
				stream.expectEnd();
			}
		}
	}

	@Test
	void aStreamEndsAfterTheTripIsCanceledOverTheSocket() {
		try (HttpSteps.Ride ride = this.http.startedRide();
				EventStream riderStream = this.http.events(ride.rider(), ride.tripId());
				EventStream driverStream = this.http.events(ride.driver(), ride.tripId())) {
			this.http.expectCurrentState(riderStream);
			this.http.expectCurrentState(driverStream);
			send(ride.riderSocket(), "cancel.trip", "cancel", Map.of("id", ride.tripId()));
			JsonNode canceled = expectEvent(ride.riderSocket(), "trip.canceled");
			assertThat(expectEvent(ride.driverSocket(), "trip.canceled")).isEqualTo(canceled);
			// trip.canceled only (no trip.updated beside it), then the end.
			assertThat(riderStream.expect("trip.canceled")).isEqualTo(canceled);
			assertThat(driverStream.expect("trip.canceled")).isEqualTo(canceled);
			riderStream.expectEnd();
			driverStream.expectEnd();
		}
	}

	@Test
	void aStreamOnAFinishedTripSendsItsStateAndEnds() {
		TestUser rider = this.api.rider();
		String canceledId;
		JsonNode canceled;
		try (SocketClient riderSocket = this.api.connectV2(rider)) {
			canceledId = this.steps.requestTrip(riderSocket).get("id").asString();
			send(riderSocket, "cancel.trip", "cancel", Map.of("id", canceledId));
			canceled = expectEvent(riderSocket, "trip.canceled");
		}
		try (EventStream stream = this.http.events(rider, canceledId)) {
			JsonNode current = this.http.expectCurrentState(stream);
			assertThat(current).isEqualTo(canceled);
			assertThat(current.get("status").asString()).isEqualTo("CANCELED");
			stream.expectEnd();
		}

		JsonNode completed;
		HttpSteps.Ride ride = this.http.startedRide();
		try (ride) {
			completed = advance(ride, advance(ride, ride.trip(), "IN_PROGRESS"), "COMPLETED");
		}
		for (TestUser user : List.of(ride.rider(), ride.driver())) {
			try (EventStream stream = this.http.eventsWithQueryToken(user, ride.tripId())) {
				assertThat(this.http.expectCurrentState(stream)).isEqualTo(completed);
				stream.expectEnd();
			}
		}
	}

	@Test
	void theFirstEventIsTheTripAsTheSocketShowsItWithThePhotoAsAPath() {
		try (HttpSteps.Ride ride = this.http.startedRide(this.api.riderWithPhoto(), this.api.driver());
				EventStream stream = this.http.events(ride.rider(), ride.tripId())) {
			JsonNode current = this.http.expectCurrentState(stream);
			assertThat(current).isEqualTo(ride.trip());
			String path = current.get("rider").get("photo").asString();
			assertThat(path).matches("/media/photos/[^/]+\\.png");
			assertThat(this.http.stored(ride.rider(), ride.tripId()).get("rider").get("photo").asString())
				.isEqualTo("http://localhost:" + this.port + path);
		}
	}

	@Test
	void bothTheBearerHeaderAndTheQueryTokenOpenTheStream() {
		try (HttpSteps.Ride ride = this.http.startedRide();
				EventStream byHeader = this.http.events(ride.rider(), ride.tripId());
				EventStream byQuery = this.http.eventsWithQueryToken(ride.rider(), ride.tripId());
				EventStream withoutSlash = EventStream.open(this.port,
						"/api/trip/" + ride.tripId() + "/events?token=" + ride.rider().access(), null)) {
			assertThat(this.http.expectCurrentState(byHeader)).isEqualTo(ride.trip());
			assertThat(this.http.expectCurrentState(byQuery)).isEqualTo(ride.trip());
			assertThat(this.http.expectCurrentState(withoutSlash)).isEqualTo(ride.trip());
			JsonNode message = HttpSteps.chat(ride, ride.driverSocket(), "Both ways");
			assertThat(byHeader.expect("chat.message")).isEqualTo(message);
			assertThat(byQuery.expect("chat.message")).isEqualTo(message);
			assertThat(withoutSlash.expect("chat.message")).isEqualTo(message);
		}
	}

	@Test
	void aDriverMayFollowARequestedTripHeMaySee() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(driver)) {
			JsonNode trip = this.steps.requestTrip(riderSocket);
			String id = trip.get("id").asString();
			expectEvent(driverSocket, "trip.requested");
			try (EventStream stream = this.http.events(driver, id)) {
				assertThat(this.http.expectCurrentState(stream)).isEqualTo(trip);
				JsonNode accepted = accept(driverSocket, driver, trip);
				assertThat(stream.expect("trip.updated")).isEqualTo(accepted);
			}
		}
	}

	@Test
	void aTripTheUserMayNotSeeIsNotFound() {
		TestUser otherRider = this.api.rider();
		TestUser otherDriver = this.api.driver();
		try (HttpSteps.Ride ride = this.http.startedRide()) {
			String id = ride.tripId();
			for (TestUser outsider : List.of(otherRider, otherDriver)) {
				expectProblem(eventsByHeader(outsider.access(), id, false), 404, HttpSteps.eventsPath(id));
				expectProblem(this.http.http().get().uri(HttpSteps.eventsPath(id) + "?token={token}", outsider.access())
					.exchange(), 404, HttpSteps.eventsPath(id));
			}
			// The trip's own rider still follows it, and the outsiders' attempts did not disturb it.
			try (EventStream stream = this.http.events(ride.rider(), id)) {
				assertThat(this.http.expectCurrentState(stream)).isEqualTo(ride.trip());
			}
		}
		TestUser rider = this.api.rider();
		for (String id : List.of(V2Steps.NO_SUCH_TRIP, "not-a-uuid", "1")) {
			expectProblem(eventsByHeader(rider.access(), id, false), 404, HttpSteps.eventsPath(id));
		}
	}

	/**
	 * A browser's EventSource always sends {@code Accept: text/event-stream}: the refusal is still a
	 * problem ({@code application/problem+json}), not an event stream carrying it.
	 */
	@Test
	void aTripTheUserMayNotSeeIsNotFoundAsAProblemAlsoToAnEventSource() {
		TestUser otherRider = this.api.rider();
		TestUser otherDriver = this.api.driver();
		try (HttpSteps.Ride ride = this.http.startedRide()) {
			String id = ride.tripId();
			for (TestUser outsider : List.of(otherRider, otherDriver)) {
				expectProblem(eventsByHeader(outsider.access(), id, true), 404, HttpSteps.eventsPath(id));
				expectProblem(eventsByQuery(outsider.access(), id), 404, HttpSteps.eventsPath(id));
			}
		}
		TestUser rider = this.api.rider();
		for (String id : List.of(V2Steps.NO_SUCH_TRIP, "not-a-uuid", "1")) {
			expectProblem(eventsByQuery(rider.access(), id), 404, HttpSteps.eventsPath(id));
		}
	}

	@Test
	void withoutAValidTokenIsUnauthorized() {
		try (HttpSteps.Ride ride = this.http.startedRide()) {
			String id = ride.tripId();
			String path = HttpSteps.eventsPath(id);
			expectProblem(eventsByHeader(null, id, true), 401, path);
			expectProblem(eventsByHeader(null, id, false), 401, path);
			expectProblem(eventsByHeader("garbage", id, true), 401, path);
			expectProblem(eventsByHeader(ride.rider().refresh(), id, true), 401, path);
			expectProblem(eventsByQuery("garbage", id), 401, path);
			expectProblem(eventsByQuery(ride.rider().refresh(), id), 401, path);
			expectProblem(eventsByQuery("", id), 401, path);
		}
	}

	@Test
	void theStreamOfAUserWhoIsDeactivatedEndsAndOnlyTheirs() {
		try (HttpSteps.Ride ride = this.http.startedRide();
				EventStream riderStream = this.http.events(ride.rider(), ride.tripId());
				EventStream driverStream = this.http.events(ride.driver(), ride.tripId())) {
			this.http.expectCurrentState(riderStream);
			this.http.expectCurrentState(driverStream);

			Long updated = this.database.sql("UPDATE users SET active = FALSE WHERE id = :id")
				.bind("id", ride.rider().id())
				.fetch()
				.rowsUpdated()
				.block(Duration.ofSeconds(10));
			assertThat(updated).isEqualTo(1);
			riderStream.expectEnd();
			expectProblem(eventsByQuery(ride.rider().access(), ride.tripId()), 401, HttpSteps.eventsPath(ride.tripId()));

			driverStream.expectComment();
			assertThat(driverStream.isEnded()).isFalse();
			ride.driverSocket().send("chat.message", Map.of("trip_id", ride.tripId(), "text", "still here"));
			JsonNode message = expectEvent(ride.driverSocket(), "chat.message");
			assertThat(driverStream.expect("chat.message")).isEqualTo(message);
		}
	}

	@Test
	void openStreamsAreCountedUntilTheyEndOrTheirReaderLeaves() {
		// Every stream of the tests before has ended or been left by its reader.
		await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 0);
		try (HttpSteps.Ride ride = this.http.startedRide()) {
			double before = openStreams();
			EventStream leaving = this.http.events(ride.rider(), ride.tripId());
			EventStream staying = this.http.events(ride.driver(), ride.tripId());
			this.http.expectCurrentState(leaving);
			this.http.expectCurrentState(staying);
			await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == before + 2);

			leaving.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == before + 1);

			JsonNode completed = advance(ride, advance(ride, ride.trip(), "IN_PROGRESS"), "COMPLETED");
			staying.expect("trip.updated");
			assertThat(staying.expect("trip.updated")).isEqualTo(completed);
			staying.expectEnd();
			await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == before);
			staying.close();
		}
	}

	private double openStreams() {
		return this.meters.find("taxi.sse.streams").gauges().stream().mapToDouble(Gauge::value).sum();
	}

	private WebTestClient.ResponseSpec eventsByHeader(String token, String tripId, boolean asEventSource) {
		WebTestClient.RequestHeadersSpec<?> request = this.http.http().get().uri(HttpSteps.eventsPath(tripId))
			.headers(HttpSteps.bearer(token));
		if (asEventSource) {
			request = request.accept(MediaType.TEXT_EVENT_STREAM);
		}
		return request.exchange();
	}

	/** As a browser's EventSource asks: the token in the query, {@code Accept: text/event-stream}. */
	private WebTestClient.ResponseSpec eventsByQuery(String token, String tripId) {
		return this.http.http().get().uri(HttpSteps.eventsPath(tripId) + "?token={token}", token)
			.accept(MediaType.TEXT_EVENT_STREAM).exchange();
	}

}
