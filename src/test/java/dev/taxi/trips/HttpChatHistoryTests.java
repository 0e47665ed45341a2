package dev.taxi.trips;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static dev.taxi.trips.HttpSteps.advance;
import static dev.taxi.trips.HttpSteps.assertSameInstant;
import static dev.taxi.trips.HttpSteps.chat;
import static dev.taxi.trips.HttpSteps.expectProblem;
import static dev.taxi.trips.V2Steps.expectEvent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/trip/{id}/messages/}: a trip's chat history for its rider and driver, oldest
 * first, the same messages (and ids) as delivered live, in pages of at most 200 with
 * {@code ?after=&limit=}; {@code 404} for everyone else, {@code 400}/{@code 401} as problem details.
 */
@TaxiServerTest
@TestPropertySource(properties = { HttpSteps.HEARTBEAT, HttpSteps.NO_MESSAGE_RATE_LIMIT, HttpSteps.NO_LOCATION_RATE_LIMIT })
class HttpChatHistoryTests {

	@LocalServerPort
	int port;

	TaxiApi api;

	HttpSteps http;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
		this.http = new HttpSteps(this.api, this.port);
	}

	@Test
	void theHistoryIsTheChatOldestFirstWithTheLiveIdsForBothRiderAndDriver() {
		try (HttpSteps.Ride ride = this.http.startedRide(this.api.riderWithPhoto(), this.api.driver())) {
			List<JsonNode> live = new ArrayList<>();
			live.add(chat(ride, ride.riderSocket(), "Where are you?"));
			live.add(chat(ride, ride.driverSocket(), "At the corner \uD83D\uDE95"));
			live.add(chat(ride, ride.riderSocket(), "Coming"));

			JsonNode forRider = this.http.history(ride.rider(), ride.tripId(), "");
			JsonNode forDriver = this.http.history(ride.driver(), ride.tripId(), "");
			assertThat(forDriver).isEqualTo(forRider);
			assertThat(forRider).hasSize(3);
			for (int i = 0; i < live.size(); i++) {
				assertSameMessage(forRider.get(i), live.get(i));
			}
			assertThat(forRider.get(0).get("id").asLong()).isLessThan(forRider.get(1).get("id").asLong());
			assertThat(forRider.get(1).get("id").asLong()).isLessThan(forRider.get(2).get("id").asLong());
			assertThat(forRider.get(0).get("sender").get("id").asLong()).isEqualTo(ride.rider().id());
			assertThat(forRider.get(1).get("sender").get("id").asLong()).isEqualTo(ride.driver().id());

			// REST shows the sender with an absolute photo URL; the live event with a path.
			String path = live.get(0).get("sender").get("photo").asString();
			assertThat(path).matches("/media/photos/[^/]+\\.png");
			assertThat(forRider.get(0).get("sender").get("photo").asString()).isEqualTo("http://localhost:" + this.port + path);
			assertThat(forRider.get(1).get("sender").get("photo").isNull()).isTrue();
		}
	}

	@Test
	void aTripWithoutMessagesHasAnEmptyHistory() {
		TestUser rider = this.api.rider();
		try (SocketClient riderSocket = this.api.connectV2(rider)) {
			String requested = new V2Steps(this.api).requestTrip(riderSocket).get("id").asString();
			assertThat(this.http.history(rider, requested, "")).isEmpty();
		}
		try (HttpSteps.Ride ride = this.http.startedRide()) {
			assertThat(this.http.history(ride.rider(), ride.tripId(), "")).isEmpty();
			assertThat(this.http.history(ride.driver(), ride.tripId(), "")).isEmpty();
		}
	}

	@Test
	void afterAndLimitPageThroughTheHistory() {
		try (HttpSteps.Ride ride = this.http.startedRide()) {
			List<Long> ids = new ArrayList<>();
			for (int i = 1; i <= 5; i++) {
				ids.add(chat(ride, (i % 2 == 0) ? ride.driverSocket() : ride.riderSocket(), "message " + i).get("id").asLong());
			}
			String trip = ride.tripId();
			assertThat(ids(this.http.history(ride.rider(), trip, "?limit=2"))).containsExactly(ids.get(0), ids.get(1));
			assertThat(ids(this.http.history(ride.rider(), trip, "?after=" + ids.get(1) + "&limit=2")))
				.containsExactly(ids.get(2), ids.get(3));
			assertThat(ids(this.http.history(ride.driver(), trip, "?after=" + ids.get(3) + "&limit=2")))
				.containsExactly(ids.get(4));
			assertThat(ids(this.http.history(ride.rider(), trip, "?after=" + ids.get(4)))).isEmpty();
			assertThat(ids(this.http.history(ride.rider(), trip, "?after=" + ids.get(0)))).containsExactlyElementsOf(ids.subList(1, 5));
			assertThat(ids(this.http.history(ride.rider(), trip, "?after=0"))).containsExactlyElementsOf(ids);
			assertThat(ids(this.http.history(ride.rider(), trip, "?limit=1"))).containsExactly(ids.get(0));
			assertThat(ids(this.http.history(ride.rider(), trip, "?limit=200"))).containsExactlyElementsOf(ids);
			assertThat(ids(this.http.history(ride.rider(), trip, "?limit=201"))).containsExactlyElementsOf(ids);
		}
	}

	@Test
	void aPageHoldsAtMost200MessagesByDefaultAndAtMost() {
		try (HttpSteps.Ride ride = this.http.startedRide()) {
			int count = 205;
			for (int i = 1; i <= count; i++) {
				ride.riderSocket().send("chat.message", Map.of("trip_id", ride.tripId(), "text", "message " + i));
			}
			List<Long> ids = new ArrayList<>();
			for (int i = 1; i <= count; i++) {
				JsonNode message = expectEvent(ride.riderSocket(), "chat.message");
				assertThat(message.get("text").asString()).isEqualTo("message " + i);
				ids.add(message.get("id").asLong());
				expectEvent(ride.driverSocket(), "chat.message");
			}
			String trip = ride.tripId();
			assertThat(ids(this.http.history(ride.rider(), trip, ""))).containsExactlyElementsOf(ids.subList(0, 200));
			assertThat(ids(this.http.history(ride.rider(), trip, "?limit=200"))).containsExactlyElementsOf(ids.subList(0, 200));
			assertThat(ids(this.http.history(ride.rider(), trip, "?limit=1000"))).containsExactlyElementsOf(ids.subList(0, 200));
			assertThat(ids(this.http.history(ride.driver(), trip, "?after=" + ids.get(199))))
				.containsExactlyElementsOf(ids.subList(200, count));
			assertThat(ids(this.http.history(ride.driver(), trip, "?after=" + ids.get(2) + "&limit=1000")))
				.containsExactlyElementsOf(ids.subList(3, 203));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "?limit=0", "?limit=-1", "?limit=abc", "?after=abc", "?after=1.5", "?after=1&limit=x" })
	void invalidPagingIsABadRequestProblem(String query) {
		try (HttpSteps.Ride ride = this.http.startedRide()) {
			chat(ride, ride.riderSocket(), "hello");
			expectProblem(this.http.messages(ride.rider(), ride.tripId(), query), 400, HttpSteps.messagesPath(ride.tripId()));
			assertThat(this.http.history(ride.rider(), ride.tripId(), "")).hasSize(1);
		}
	}

	@Test
	void everyoneButTheTripsRiderAndDriverGetsNotFound() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		TestUser otherRider = this.api.rider();
		TestUser otherDriver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(driver)) {
			JsonNode trip = new V2Steps(this.api).requestTrip(riderSocket);
			String id = trip.get("id").asString();
			expectEvent(driverSocket, "trip.requested");
			// Every driver may see a requested trip, but its chat is its rider's and its driver's only.
			this.http.stored(driver, id);
			expectProblem(this.http.messages(driver, id, ""), 404, HttpSteps.messagesPath(id));
			assertThat(this.http.history(rider, id, "")).isEmpty();

			JsonNode accepted = V2Steps.accept(driverSocket, driver, trip);
			expectEvent(riderSocket, "trip.updated");
			HttpSteps.Ride ride = new HttpSteps.Ride(rider, riderSocket, driver, driverSocket, accepted);
			chat(ride, riderSocket, "secret");
			expectProblem(this.http.messages(otherRider, id, ""), 404, HttpSteps.messagesPath(id));
			expectProblem(this.http.messages(otherDriver, id, ""), 404, HttpSteps.messagesPath(id));
			expectProblem(this.http.messages(otherRider, id, "?limit=1"), 404, HttpSteps.messagesPath(id));
			assertThat(this.http.history(driver, id, "")).hasSize(1);
		}
		for (String id : List.of(V2Steps.NO_SUCH_TRIP, "not-a-uuid", "1")) {
			expectProblem(this.http.messages(rider, id, ""), 404, HttpSteps.messagesPath(id));
		}
	}

	@Test
	void withoutAValidAccessTokenIsUnauthorized() {
		try (HttpSteps.Ride ride = this.http.startedRide()) {
			String id = ride.tripId();
			chat(ride, ride.riderSocket(), "hello");
			expectProblem(this.http.messagesWith(null, id, ""), 401, HttpSteps.messagesPath(id));
			expectProblem(this.http.messagesWith("garbage", id, ""), 401, HttpSteps.messagesPath(id));
			expectProblem(this.http.messagesWith(ride.rider().refresh(), id, ""), 401, HttpSteps.messagesPath(id));
			// Only the event stream takes a token from the query.
			expectProblem(this.http.messagesWith(null, id, "?token=" + ride.rider().access()), 401,
					HttpSteps.messagesPath(id));
		}
	}

	@Test
	void theHistoryStaysReadableOnceTheTripIsOver() {
		try (HttpSteps.Ride ride = this.http.startedRide()) {
			JsonNode first = chat(ride, ride.riderSocket(), "On my way down");
			JsonNode inProgress = advance(ride, ride.trip(), "IN_PROGRESS");
			JsonNode second = chat(ride, ride.driverSocket(), "Thanks");
			advance(ride, inProgress, "COMPLETED");
			JsonNode history = this.http.history(ride.rider(), ride.tripId(), "");
			assertThat(ids(history)).containsExactly(first.get("id").asLong(), second.get("id").asLong());
			assertThat(this.http.history(ride.driver(), ride.tripId(), "")).isEqualTo(history);
		}
	}

	@Test
	void thePathWorksWithoutTheTrailingSlash() {
		try (HttpSteps.Ride ride = this.http.startedRide()) {
			JsonNode live = chat(ride, ride.riderSocket(), "hello");
			JsonNode history = this.http.http().get().uri("/api/trip/" + ride.tripId() + "/messages")
				.headers(HttpSteps.bearer(ride.rider().access())).exchange().expectStatus().isOk().expectBody(JsonNode.class)
				.returnResult().getResponseBody();
			assertThat(ids(history)).containsExactly(live.get("id").asLong());
		}
	}

	/** A message in the history is the one delivered live: same id, trip, sender, text and time. */
	private static void assertSameMessage(JsonNode stored, JsonNode live) {
		assertThat(stored.get("id").isIntegralNumber()).as("id of %s is an integer", stored).isTrue();
		assertThat(stored.get("id")).isEqualTo(live.get("id"));
		assertThat(stored.get("trip_id")).isEqualTo(live.get("trip_id"));
		assertThat(stored.get("text")).isEqualTo(live.get("text"));
		assertSameInstant(stored.get("created"), live.get("created"));
		JsonNode sender = stored.get("sender");
		JsonNode liveSender = live.get("sender");
		for (String field : List.of("id", "username", "first_name", "last_name", "group")) {
			assertThat(sender.get(field)).as("sender's %s", field).isEqualTo(liveSender.get(field));
		}
	}

	private static List<Long> ids(JsonNode messages) {
		return messages.valueStream().map((message) -> message.get("id").asLong()).toList();
	}

}
