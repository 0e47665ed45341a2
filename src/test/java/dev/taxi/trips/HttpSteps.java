package dev.taxi.trips;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.taxi.test.EventStream;
import dev.taxi.test.Problems;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestUser;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.taxi.trips.V2Steps.accept;
import static dev.taxi.trips.V2Steps.expectEvent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests of protocol v2 over HTTP do over and over: call the new endpoints, check RFC 9457
 * problem details, open a trip's event stream, set a ride up over v2 sockets.
 */
final class HttpSteps {

	/**
	 * The properties of the one server context the stream and chat-history tests share: heartbeats
	 * every 200 ms, and no socket message-rate or location-rate limit in the way of a test that sends
	 * many messages quickly.
	 */
	static final String HEARTBEAT = "taxi.events.heartbeat=200ms";

	static final String NO_MESSAGE_RATE_LIMIT = "taxi.channels.max-messages-per-second=1000000";

	static final String NO_LOCATION_RATE_LIMIT = "taxi.location.max-per-second=1000000";

	static final List<String> TRIP_FIELDS = List.of("id", "created", "updated", "pick_up_address", "drop_off_address",
			"status", "driver", "rider");

	static final List<String> USER_FIELDS = List.of("id", "username", "first_name", "last_name", "group", "photo");

	static final List<String> CHAT_FIELDS = List.of("id", "trip_id", "sender", "text", "created");

	private final TaxiApi api;

	private final int port;

	HttpSteps(TaxiApi api, int port) {
		this.api = api;
		this.port = port;
	}

	WebTestClient http() {
		return this.api.http();
	}

	/** {@code POST /api/trip/{id}/cancel/} with the user's access token and no body. */
	WebTestClient.ResponseSpec cancel(TestUser user, String tripId) {
		return cancelWith(user.access(), tripId);
	}

	WebTestClient.ResponseSpec cancelWith(@Nullable String token, String tripId) {
		return http().post().uri(cancelPath(tripId)).headers(bearer(token)).exchange();
	}

	static String cancelPath(String tripId) {
		return "/api/trip/" + tripId + "/cancel/";
	}

	/** {@code POST /api/trip/{id}/cancel/} answered 200 with the nested trip, all its fields; that trip. */
	JsonNode cancelOk(TestUser user, String tripId) {
		JsonNode trip = cancel(user, tripId).expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertNestedTrip(trip);
		assertThat(trip.get("id").asString()).isEqualTo(tripId);
		return trip;
	}

	/** {@code GET /api/trip/{id}/messages/} with a query (may be empty, else starting with {@code ?}). */
	WebTestClient.ResponseSpec messages(TestUser user, String tripId, String query) {
		return messagesWith(user.access(), tripId, query);
	}

	WebTestClient.ResponseSpec messagesWith(@Nullable String token, String tripId, String query) {
		return http().get().uri(java.net.URI.create("http://localhost:" + this.port + messagesPath(tripId) + query))
			.headers(bearer(token)).exchange();
	}

	static String messagesPath(String tripId) {
		return "/api/trip/" + tripId + "/messages/";
	}

	/** The chat history answered 200 as a JSON array, each message of the exact shape. */
	JsonNode history(TestUser user, String tripId, String query) {
		JsonNode messages = messages(user, tripId, query).expectStatus().isOk().expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON).expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(messages.isArray()).as("history %s is an array", messages).isTrue();
		for (JsonNode message : messages) {
			assertThat(message.propertyNames()).as("fields of %s", message).containsExactlyInAnyOrderElementsOf(CHAT_FIELDS);
			assertThat(message.get("trip_id").asString()).isEqualTo(tripId);
			assertThat(message.get("sender").propertyNames()).containsExactlyInAnyOrderElementsOf(USER_FIELDS);
		}
		return messages;
	}

	static String eventsPath(String tripId) {
		return "/api/trip/" + tripId + "/events/";
	}

	/** The trip's event stream, authenticated by the Bearer header. */
	EventStream events(TestUser user, String tripId) {
		return EventStream.open(this.port, eventsPath(tripId), user.access());
	}

	/** The trip's event stream, authenticated by {@code ?token=}, as a browser's EventSource must. */
	EventStream eventsWithQueryToken(TestUser user, String tripId) {
		return EventStream.open(this.port, eventsPath(tripId) + "?token=" + user.access(), null);
	}

	/**
	 * Opens the trip's event stream and checks it starts with the trip's current state; that state.
	 */
	JsonNode expectCurrentState(EventStream stream) {
		stream.expectOpen();
		JsonNode current = stream.expect("trip.updated");
		assertNestedTrip(current);
		return current;
	}

	static java.util.function.Consumer<HttpHeaders> bearer(@Nullable String token) {
		return (headers) -> {
			if (token != null) {
				headers.setBearerAuth(token);
			}
		};
	}

	static JsonNode expectProblem(WebTestClient.ResponseSpec response, int status, String instance) {
		return Problems.expectProblem(response, status, instance);
	}

	/** A nested trip with exactly its fields. */
	static void assertNestedTrip(JsonNode trip) {
		assertThat(trip).as("a trip").isNotNull();
		assertThat(trip.propertyNames()).as("fields of %s", trip).containsExactlyInAnyOrderElementsOf(TRIP_FIELDS);
		assertThat(trip.get("rider").propertyNames()).as("rider of %s", trip).containsExactlyInAnyOrderElementsOf(USER_FIELDS);
		if (!trip.get("driver").isNull()) {
			assertThat(trip.get("driver").propertyNames()).as("driver of %s", trip)
				.containsExactlyInAnyOrderElementsOf(USER_FIELDS);
		}
	}

	/** Two ISO-8601 times are the same instant (however the offset is written). */
	static void assertSameInstant(JsonNode actual, JsonNode expected) {
		assertThat(OffsetDateTime.parse(actual.asString()).toInstant())
			.as("%s is the instant %s", actual, expected)
			.isEqualTo(OffsetDateTime.parse(expected.asString()).toInstant());
	}

	/** A rider and a driver, both on v2, on a trip the driver accepted; the sockets stay open. */
	record Ride(TestUser rider, SocketClient riderSocket, TestUser driver, SocketClient driverSocket, JsonNode trip)
			implements AutoCloseable {

		String tripId() {
			return this.trip.get("id").asString();
		}

		@Override
		public void close() {
			this.riderSocket.close();
			this.driverSocket.close();
		}

	}

	/** A rider requests a trip over v2 and it is heard by the driver, who accepts it. No other driver may be connected. */
	Ride startedRide(TestUser rider, TestUser driver) {
		SocketClient riderSocket = this.api.connectV2(rider);
		SocketClient driverSocket = this.api.connectV2(driver);
		JsonNode trip = new V2Steps(this.api).requestTrip(riderSocket);
		expectEvent(driverSocket, "trip.requested");
		JsonNode accepted = accept(driverSocket, driver, trip);
		assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(accepted);
		return new Ride(rider, riderSocket, driver, driverSocket, accepted);
	}

	Ride startedRide() {
		return startedRide(this.api.rider(), this.api.driver());
	}

	/** One chat message sent over v2 and heard by both; its {@code chat.message} data. */
	static JsonNode chat(Ride ride, SocketClient from, String text) {
		from.send("chat.message", Map.of("trip_id", ride.tripId(), "text", text));
		JsonNode toRider = expectEvent(ride.riderSocket(), "chat.message");
		assertThat(expectEvent(ride.driverSocket(), "chat.message")).isEqualTo(toRider);
		assertThat(toRider.get("text").asString()).isEqualTo(text);
		return toRider;
	}

	/** The driver moves the trip on; both hear it; the trip as it is now. */
	static JsonNode advance(Ride ride, JsonNode trip, String status) {
		JsonNode advanced = V2Steps.advance(ride.driverSocket(), ride.driver(), trip, status);
		assertThat(expectEvent(ride.riderSocket(), "trip.updated")).isEqualTo(advanced);
		return advanced;
	}

	/** The trip as REST shows it to this user now. */
	JsonNode stored(TestUser user, String tripId) {
		return http().get().uri("/api/trip/" + tripId + "/").header(HttpHeaders.AUTHORIZATION, "Bearer " + user.access())
			.exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
	}

}
