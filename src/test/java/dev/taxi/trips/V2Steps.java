package dev.taxi.trips;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestUser;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the v2 socket tests do over and over: send a message with an {@code id}, read a typed event
 * or an error and check its shape, set a trip up over sockets, read the stored trip over REST.
 */
final class V2Steps {

	static final String PICK_UP = "123 Main Street";

	static final String DROP_OFF = "456 South Street";

	/** A well-formed trip id that no trip has. */
	static final String NO_SUCH_TRIP = "00000000-0000-4000-8000-000000000000";

	private final TaxiApi api;

	V2Steps(TaxiApi api) {
		this.api = api;
	}

	/** Sends {@code {"type", "id", "data"}}. */
	static void send(SocketClient socket, String type, String id, Object data) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", type);
		message.put("id", id);
		message.put("data", data);
		socket.sendJson(message);
	}

	/** The next frame is a v2 event of this type, sent to a group or without an id: no {@code ref}. */
	static JsonNode expectEvent(SocketClient socket, String type) {
		JsonNode frame = socket.next();
		assertThat(frame.path("type").asString()).as("type of %s", frame).isEqualTo(type);
		assertThat(frame.propertyNames()).as("fields of %s", frame).containsExactlyInAnyOrder("type", "data");
		return frame.get("data");
	}

	/** The next frame is a reply to the sender alone, carrying {@code ref}. */
	static JsonNode expectReply(SocketClient socket, String type, String ref) {
		JsonNode frame = socket.next();
		assertThat(frame.path("type").asString()).as("type of %s", frame).isEqualTo(type);
		assertThat(frame.propertyNames()).as("fields of %s", frame).containsExactlyInAnyOrder("type", "data", "ref");
		assertThat(frame.get("ref").asString()).as("ref of %s", frame).isEqualTo(ref);
		return frame.get("data");
	}

	/** The next frame is an {@code error} with this code, with {@code ref} if given, else without. */
	static JsonNode expectError(SocketClient socket, String code, @Nullable String ref) {
		JsonNode frame = socket.next();
		assertError(frame, code, ref);
		return frame;
	}

	static void assertError(JsonNode frame, String code, @Nullable String ref) {
		assertThat(frame.path("type").asString()).as("type of %s", frame).isEqualTo("error");
		if (ref != null) {
			assertThat(frame.propertyNames()).as("fields of %s", frame).containsExactlyInAnyOrder("type", "data", "ref");
			assertThat(frame.get("ref").asString()).as("ref of %s", frame).isEqualTo(ref);
		}
		else {
			assertThat(frame.propertyNames()).as("fields of %s", frame).containsExactlyInAnyOrder("type", "data");
		}
		JsonNode data = frame.get("data");
		assertThat(data.propertyNames()).as("error data of %s", frame).containsExactlyInAnyOrder("code", "message");
		assertThat(data.get("code").asString()).as("code of %s", frame).isEqualTo(code);
		assertThat(data.get("message").asString()).as("message of %s", frame).isNotBlank();
	}

	/** The next frame is a trip as v1 sends it: {@code echo.message}, nothing but type and data. */
	static JsonNode expectV1Trip(SocketClient socket) {
		JsonNode frame = socket.next();
		assertThat(frame.path("type").asString()).as("type of %s", frame).isEqualTo("echo.message");
		assertThat(frame.propertyNames()).as("fields of %s", frame).containsExactly("type", "data");
		assertThat(frame.get("data").has("status")).as("a trip in %s", frame).isTrue();
		return frame.get("data");
	}

	/**
	 * The next frames are events of exactly these types, in any order (a connection in two groups
	 * hears two group sends, whose order is not defined); their data by type.
	 */
	static Map<String, JsonNode> expectEvents(SocketClient socket, String... types) {
		Map<String, JsonNode> byType = new HashMap<>();
		for (int i = 0; i < types.length; i++) {
			JsonNode frame = socket.next();
			assertThat(frame.propertyNames()).as("fields of %s", frame).containsExactlyInAnyOrder("type", "data");
			assertThat(byType.put(frame.get("type").asString(), frame.get("data"))).as("a second %s", frame).isNull();
		}
		assertThat(byType.keySet()).containsExactlyInAnyOrder(types);
		return byType;
	}

	/**
	 * Every frame before the answer to a marker echo: whatever the server had queued for this
	 * connection, since it answers a connection's messages in order.
	 */
	static List<JsonNode> drain(SocketClient socket) {
		String marker = "drain-" + System.nanoTime();
		socket.send("echo.message", marker);
		List<JsonNode> frames = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			JsonNode frame = socket.next();
			if (frame.path("data").isString() && frame.get("data").asString().equals(marker)) {
				return frames;
			}
			frames.add(frame);
		}
		throw new AssertionError("no answer to the marker after " + frames);
	}

	/** {@code create.trip} from a v2 rider: the rider hears {@code trip.created} with the ref. */
	JsonNode requestTrip(SocketClient riderSocket) {
		String id = "create-" + System.nanoTime();
		send(riderSocket, "create.trip", id, Map.of("pick_up_address", PICK_UP, "drop_off_address", DROP_OFF));
		JsonNode trip = expectReply(riderSocket, "trip.created", id);
		assertThat(trip.get("status").asString()).isEqualTo("REQUESTED");
		assertThat(trip.get("driver").isNull()).isTrue();
		return trip;
	}

	/**
	 * A v2 driver accepts: he hears {@code trip.updated} (trip's group) and {@code trip.taken}
	 * (drivers), the same trip; returns it.
	 */
	static JsonNode accept(SocketClient driverSocket, TestUser driver, JsonNode trip) {
		driverSocket.send("update.trip", update(trip, "STARTED", driver));
		Map<String, JsonNode> heard = expectEvents(driverSocket, "trip.updated", "trip.taken");
		JsonNode accepted = heard.get("trip.updated");
		assertThat(accepted.get("status").asString()).isEqualTo("STARTED");
		assertThat(accepted.get("driver").get("id").asLong()).isEqualTo(driver.id());
		assertThat(heard.get("trip.taken")).isEqualTo(accepted);
		return accepted;
	}

	/** A v2 driver moves his trip on: he hears {@code trip.updated}; returns it. */
	static JsonNode advance(SocketClient driverSocket, TestUser driver, JsonNode trip, String status) {
		driverSocket.send("update.trip", update(trip, status, driver));
		JsonNode advanced = expectEvent(driverSocket, "trip.updated");
		assertThat(advanced.get("status").asString()).isEqualTo(status);
		return advanced;
	}

	static Map<String, Object> update(JsonNode trip, String status, TestUser driver) {
		return Map.of("id", trip.get("id").asString(), "status", status, "driver", driver.id());
	}

	/** The trip as REST shows it to this user now. */
	JsonNode stored(TestUser user, JsonNode trip) {
		return this.api.http().get().uri("/api/trip/" + trip.get("id").asString() + "/")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + user.access()).exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	/** How many trips REST shows this user. */
	int tripCount(TestUser user) {
		JsonNode trips = this.api.http().get().uri("/api/trip/")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + user.access()).exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		return trips.size();
	}

}
