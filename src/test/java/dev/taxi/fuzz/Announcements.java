package dev.taxi.fuzz;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the server told the fuzzing connections, and whether it said it as the protocol allows:
 * every frame valid UTF-8 JSON, v1 frames only {@code echo.message}, v2 frames of the types and
 * error codes PROTOCOL.md lists, positions as numbers. The trips and chat messages announced are
 * what a fuzzed frame may legitimately have changed in the database (persist, then publish).
 */
final class Announcements {

	private static final Set<String> V2_TYPES = Set.of("trip.created", "trip.requested", "trip.updated", "trip.taken",
			"trip.canceled", "driver.location", "chat.message", "subscribed", "unsubscribed", "pong", "authenticated",
			"error", "echo.message");

	private static final Set<String> TRIP_EVENTS = Set.of("trip.created", "trip.requested", "trip.updated", "trip.taken",
			"trip.canceled");

	private static final Set<String> ERROR_CODES = Set.of("bad_request", "unknown_type", "forbidden", "not_found",
			"conflict", "rate_limited", "too_large");

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final Set<String> fuzzUsernames;

	/** The latest state announced of each trip, by its {@code updated}. */
	private final Map<String, AnnouncedTrip> trips = new ConcurrentHashMap<>();

	private final Set<Long> chatMessages = ConcurrentHashMap.newKeySet();

	Announcements(Set<String> fuzzUsernames) {
		this.fuzzUsernames = Set.copyOf(fuzzUsernames);
	}

	record AnnouncedTrip(String id, String status, @Nullable Long driverId, String pickUp, String dropOff, Instant updated) {
	}

	/** Records what the frames announce; returns what was wrong with them, if anything. */
	List<String> read(List<FuzzSocket.Received> frames, boolean v2) {
		List<String> problems = new ArrayList<>();
		for (FuzzSocket.Received frame : frames) {
			String problem = check(frame, v2);
			if (problem != null) {
				problems.add(problem);
			}
		}
		return problems;
	}

	private @Nullable String check(FuzzSocket.Received frame, boolean v2) {
		if (frame.binary()) {
			return "a binary frame from the server";
		}
		if (frame.text() == null) {
			return "a text frame that is not UTF-8: " + java.util.HexFormat.of().formatHex(frame.bytes());
		}
		JsonNode json;
		try {
			json = mapper.readTree(frame.text());
		}
		catch (JacksonException ex) {
			return "a frame that is not JSON: " + frame.text();
		}
		String type = json.path("type").isString() ? json.path("type").asString() : null;
		if (!json.isObject() || type == null) {
			return "a frame that is not an object with a string type: " + frame.text();
		}
		if (!v2 && !type.equals("echo.message")) {
			return "a v1 frame that is not echo.message: " + frame.text();
		}
		if (v2 && !V2_TYPES.contains(type)) {
			return "a v2 frame of a type PROTOCOL.md does not list: " + frame.text();
		}
		JsonNode data = json.path("data");
		if (type.equals("error")) {
			if (!ERROR_CODES.contains(data.path("code").asString("")) || !data.path("message").isString()) {
				return "an error without a listed code and a message: " + frame.text();
			}
		}
		if (!type.equals("echo.message") && json.has("ref") && !json.get("ref").isString()) {
			return "a ref that is not a string: " + frame.text();
		}
		if (type.equals("driver.location")) {
			for (String field : List.of("lat", "lng")) {
				if (!data.path(field).isNumber()) {
					return "a position whose " + field + " is not a number: " + frame.text();
				}
			}
			for (String field : List.of("heading", "speed")) {
				if (!data.path(field).isNumber() && !data.path(field).isNull() && !data.path(field).isMissingNode()) {
					return "a position whose " + field + " is neither a number nor null: " + frame.text();
				}
			}
		}
		if (type.equals("chat.message") && data.path("id").isIntegralNumber()) {
			this.chatMessages.add(data.get("id").asLong());
		}
		if ((TRIP_EVENTS.contains(type) || type.equals("echo.message")) && isFuzzTrip(data)) {
			record(data);
		}
		return null;
	}

	/** A trip as the server renders it, of a fuzzing user (an echo of a client's own message names none). */
	private boolean isFuzzTrip(JsonNode data) {
		return data.path("id").isString() && data.path("status").isString() && data.path("updated").isString()
				&& this.fuzzUsernames.contains(data.path("rider").path("username").asString(""));
	}

	private void record(JsonNode data) {
		JsonNode driver = data.path("driver");
		AnnouncedTrip trip = new AnnouncedTrip(data.get("id").asString(), data.get("status").asString(),
				driver.isObject() ? driver.path("id").asLong() : null, data.path("pick_up_address").asString(),
				data.path("drop_off_address").asString(), Instant.parse(data.get("updated").asString()));
		this.trips.merge(trip.id(), trip, (known, announced) -> announced.updated().isAfter(known.updated()) ? announced : known);
	}

	@Nullable AnnouncedTrip trip(String id) {
		return this.trips.get(id);
	}

	Set<Long> chatMessages() {
		return Set.copyOf(this.chatMessages);
	}

}
