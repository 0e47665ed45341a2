package dev.taxi.load;

import java.time.OffsetDateTime;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the server's v2 frames: {@code {"type", "data", "ref"?}}. */
final class Frames {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Frames() {
	}

	static JsonNode parse(String frame) {
		return JSON.readTree(frame);
	}

	static String type(JsonNode frame) {
		return frame.path("type").asString("");
	}

	/** The trip id a trip event or a location is about. */
	static String tripId(JsonNode frame) {
		JsonNode data = frame.path("data");
		return data.has("trip_id") ? data.path("trip_id").asString("") : data.path("id").asString("");
	}

	/** Milliseconds from a server timestamp in the frame's data to when the frame was read. */
	static long lagMillis(JsonNode frame, String field, long readAtMillis) {
		return readAtMillis - OffsetDateTime.parse(frame.path("data").path(field).asString()).toInstant().toEpochMilli();
	}

}
