package dev.taxi.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Makes one frame from one seed: a message of a type the protocol defines with plausible or
 * wrongly typed fields, the same mutated byte by byte, odd envelopes, deep nesting, invalid
 * UTF-8, random bytes, binary, fragmented and control frames, frames just within the size
 * limit, and unknown types. The same seed and targets always make the same frame.
 */
final class FrameGenerator {

	/** Every type a client may send, as PROTOCOL.md lists them. */
	static final List<String> TYPES = List.of("create.trip", "update.trip", "cancel.trip", "update.location",
			"chat.message", "subscribe", "unsubscribe", "ping", "auth", "echo.message");

	private static final String[] STATUSES = { "REQUESTED", "STARTED", "IN_PROGRESS", "COMPLETED", "CANCELED" };

	private static final String[] UNKNOWN_TYPES = { "", " ", "create.trip ", " create.trip", "CREATE.TRIP", "create_trip",
			"trip.created", "trip.requested", "trip.updated", "error", "pong", "authenticated", "subscribed",
			"driver.location", "echo.message\u0000", "__proto__", "constructor", "echo", "ping.", ".", "\ud800",
			"\ud83d\ude95", "cancel.trips", "update.locations" };

	private static final byte[][] INVALID_UTF8 = { { (byte) 0x80 }, { (byte) 0xbf }, { (byte) 0xc0, (byte) 0xaf },
			{ (byte) 0xc1, (byte) 0xbf }, { (byte) 0xe0, (byte) 0x80, (byte) 0xaf }, { (byte) 0xed, (byte) 0xa0, (byte) 0x80 },
			{ (byte) 0xed, (byte) 0xbf, (byte) 0xbf }, { (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80 },
			{ (byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0xfe }, { (byte) 0xff },
			{ (byte) 0xc3 }, { (byte) 0xe2, (byte) 0x82 }, { (byte) 0xf0, (byte) 0x9f, (byte) 0x9a } };

	private final FrameTargets targets;

	FrameGenerator(FrameTargets targets) {
		this.targets = targets;
	}

	/** A frame within the size limit: a seed whose frame would be larger is followed by the next. */
	Frame generate(long seed) {
		for (long attempt = seed;; attempt += 0x9E3779B97F4A7C15L) {
			Frame frame = generateAny(attempt);
			if (frame.size() <= this.targets.frameLimit()) {
				return frame;
			}
		}
	}

	private Frame generateAny(long seed) {
		OddValues values = new OddValues(new SplittableRandom(seed));
		int roll = values.random().nextInt(100);
		if (roll < 36) {
			String type = values.pick(TYPES);
			return Frame.text(message(values, type).write(), "typed " + type);
		}
		if (roll < 56) {
			String type = values.pick(TYPES);
			byte[] bytes = message(values, type).write().getBytes(StandardCharsets.UTF_8);
			Mutations.Result mutated = new Mutations(values).mutate(bytes);
			return Frame.of(Frame.Kind.TEXT, mutated.bytes(), "mutated " + type + ": " + mutated.steps());
		}
		if (roll < 62) {
			return oddEnvelope(values);
		}
		if (roll < 66) {
			return deepFrame(values);
		}
		if (roll < 71) {
			return invalidUtf8(values);
		}
		if (roll < 76) {
			return randomBytes(values);
		}
		if (roll < 82) {
			return binary(values);
		}
		if (roll < 87) {
			return fragmented(values);
		}
		if (roll < 91) {
			byte[] payload = randomBytes(values.random(), values.between(0, 125));
			return Frame.of(values.chance(0.5) ? Frame.Kind.PING : Frame.Kind.PONG, payload, "control");
		}
		if (roll < 95) {
			return nearLimit(values);
		}
		String type = values.chance(0.7) ? values.pick(UNKNOWN_TYPES) : values.text();
		Json.Obj message = Json.Obj.of().with("type", Json.string(type)).with("data", data(values, values.pick(TYPES), 0.3));
		return Frame.text(message.write(), "unknown type");
	}

	/** A message of a known type: each field present or not, and plausible or of a wrong type. */
	Json.Obj message(OddValues values, String type) {
		double wrong = values.chance(0.3) ? 0 : values.random().nextDouble(0.05, 0.6);
		List<Map.Entry<String, Json>> members = new ArrayList<>();
		members.add(Map.entry("type", Json.string(type)));
		if (!values.chance(0.05)) {
			members.add(Map.entry("data", data(values, type, wrong)));
		}
		if (values.chance(0.5)) {
			members.add(Map.entry("id", values.chance(0.9) ? Json.string(values.ascii(values.between(0, 64))) : values.any(1)));
		}
		if (values.chance(0.3)) {
			Collections.shuffle(members, new java.util.Random(values.random().nextLong()));
		}
		return new Json.Obj(members);
	}

	private Json data(OddValues values, String type, double wrong) {
		if (type.equals("echo.message")) {
			return values.any(3);
		}
		if (values.chance(wrong / 4)) {
			return values.any(2);
		}
		Json.Obj data = Json.Obj.of();
		for (Field field : fields(type)) {
			if (values.chance(field.required() ? 0.93 : 0.5)) {
				data.with(field.name(), values.chance(wrong) ? wrongValue(values, field.kind()) : value(values, field.kind()));
			}
		}
		if (values.chance(0.15)) {
			data.with(values.chance(0.5) ? values.ascii(values.between(1, 12)) : "created", values.any(1));
		}
		if (values.chance(0.05) && !data.members().isEmpty()) {
			// The same key twice, with another value.
			Map.Entry<String, Json> first = data.members().get(0);
			data.with(first.getKey(), wrongValue(values, fields(type).isEmpty() ? Kind.ANY : fields(type).get(0).kind()));
		}
		return data;
	}

	private static List<Field> fields(String type) {
		return switch (type) {
			case "create.trip" -> List.of(new Field("pick_up_address", Kind.ADDRESS, true),
					new Field("drop_off_address", Kind.ADDRESS, true), new Field("rider", Kind.USER_ID, false));
			case "update.trip" -> List.of(new Field("id", Kind.TRIP_ID, true), new Field("status", Kind.STATUS, true),
					new Field("driver", Kind.USER_ID, false), new Field("rider", Kind.USER_ID, false),
					new Field("pick_up_address", Kind.ADDRESS, false), new Field("drop_off_address", Kind.ADDRESS, false),
					new Field("created", Kind.TIMESTAMP, false), new Field("updated", Kind.TIMESTAMP, false));
			case "cancel.trip" -> List.of(new Field("id", Kind.TRIP_ID, true));
			case "update.location" -> List.of(new Field("lat", Kind.LAT, true), new Field("lng", Kind.LNG, true),
					new Field("heading", Kind.HEADING, false), new Field("speed", Kind.SPEED, false));
			case "chat.message" -> List.of(new Field("trip_id", Kind.TRIP_ID, true), new Field("text", Kind.TEXT, true));
			case "subscribe", "unsubscribe" -> List.of(new Field("model", Kind.MODEL, true), new Field("id", Kind.TRIP_ID, true));
			case "auth" -> List.of(new Field("token", Kind.TOKEN, true));
			default -> List.of(new Field("at", Kind.ANY, false));
		};
	}

	/** A value the field could really hold. */
	private Json value(OddValues values, Kind kind) {
		SplittableRandom random = values.random();
		return switch (kind) {
			case TRIP_ID -> Json.string(values.chance(0.85) ? values.pick(this.targets.tripIds())
					: new UUID(random.nextLong(), random.nextLong()).toString());
			case USER_ID -> Json.number(Long.toString(values.pick(this.targets.userIds())));
			case ADDRESS -> Json.string(values.chance(0.7) ? "Fuzz Street " + random.nextInt(1000)
					: values.unicode(values.between(1, 60)));
			case STATUS -> Json.string(values.pick(STATUSES));
			case TIMESTAMP -> Json.string(Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L)).toString());
			case LAT -> Json.number(Double.toString(random.nextDouble(-90, 90)));
			case LNG -> Json.number(Double.toString(random.nextDouble(-180, 180)));
			case HEADING -> Json.number(Double.toString(random.nextDouble(0, 360)));
			case SPEED -> Json.number(Double.toString(random.nextDouble(0, 60)));
			case TEXT -> new Json.Str(values.chance(0.6) ? "fuzz says " + values.ascii(values.between(0, 30))
					: values.unicode(values.between(1, 80)), values.chance(0.2));
			case MODEL -> Json.string("trip");
			case TOKEN -> Json.string(values.pick(this.targets.tokens()));
			case ANY -> values.any(2);
		};
	}

	/** A value of another type, or of the right type but out of bounds, or a value of another field. */
	private Json wrongValue(OddValues values, Kind kind) {
		return switch (values.random().nextInt(6)) {
			case 0 -> value(values, values.pick(Kind.values()));
			case 1 -> Json.string(value(values, kind).write().replace("\"", ""));
			case 2 -> values.number();
			case 3 -> new Json.Str(values.text(), values.chance(0.2));
			default -> values.any(2);
		};
	}

	private Frame oddEnvelope(OddValues values) {
		String type = values.pick(TYPES);
		Json data = data(values, type, 0.2);
		Json envelope = switch (values.random().nextInt(9)) {
			case 0 -> values.any(2);
			case 1 -> Json.Obj.of().with("data", data);
			case 2 -> Json.Obj.of().with("type", values.any(2)).with("data", data);
			case 3 -> Json.Obj.of().with("type", Json.string(type)).with("data", values.any(2));
			case 4 -> Json.Obj.of().with("type", Json.string(type)).with("data", data)
				.with("id", Json.string(values.pick(new String[] { "x".repeat(64), "x".repeat(65), "\ud83d\ude95".repeat(64),
						"\ud83d\ude95".repeat(65), "", "\ud800", "\u0000" })));
			case 5 -> Json.Obj.of().with("type", Json.string(type)).with("data", data).with("id", values.any(2));
			case 6 -> Json.Obj.of().with("type", Json.string("ping")).with("type", Json.string(type)).with("data", data);
			case 7 -> Json.Obj.of().with("type", Json.string(type)).with("data", data).with("ref", values.any(1))
				.with("__proto__", values.any(1));
			default -> new Json.Arr(List.of(Json.Obj.of().with("type", Json.string(type)).with("data", data)));
		};
		return Frame.text(envelope.write(), "odd envelope for " + type);
	}

	private Frame deepFrame(OddValues values) {
		int depth = values.pick(new Integer[] { 50, 499, 500, 501, 999, 1000, 1001, 3000, 6000 });
		String type = values.pick(TYPES);
		Json deep = values.deep(depth, values.chance(0.5) ? null : values.any(1));
		Json frame = switch (values.random().nextInt(3)) {
			case 0 -> deep;
			case 1 -> Json.Obj.of().with("type", Json.string(type)).with("data", deep);
			default -> {
				Json.Obj data = Json.Obj.of();
				List<Field> fields = fields(type);
				data.with(fields.get(values.random().nextInt(fields.size())).name(), deep);
				yield Json.Obj.of().with("type", Json.string(type)).with("data", data);
			}
		};
		return Frame.text(frame.write(), "deep " + depth + " " + type);
	}

	private Frame invalidUtf8(OddValues values) {
		String type = values.pick(TYPES);
		byte[] bytes = message(values, type).write().getBytes(StandardCharsets.UTF_8);
		byte[] bad = values.pick(INVALID_UTF8);
		// Inside a string value (the JSON stays well-formed), or anywhere.
		int at = values.chance(0.6) ? afterQuote(values, bytes) : values.between(0, bytes.length);
		byte[] out = new byte[bytes.length + bad.length];
		System.arraycopy(bytes, 0, out, 0, at);
		System.arraycopy(bad, 0, out, at, bad.length);
		System.arraycopy(bytes, at, out, at + bad.length, bytes.length - at);
		return Frame.of(Frame.Kind.TEXT, out, "invalid UTF-8 in " + type + " at " + at);
	}

	private static int afterQuote(OddValues values, byte[] bytes) {
		List<Integer> quotes = new ArrayList<>();
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == '"') {
				quotes.add(i + 1);
			}
		}
		return quotes.isEmpty() ? 0 : values.pick(quotes);
	}

	private Frame randomBytes(OddValues values) {
		int length = values.pick(new Integer[] { 0, 1, 2, 8, 100, 1000, 20_000 });
		if (values.chance(0.5)) {
			return Frame.of(Frame.Kind.TEXT, randomBytes(values.random(), length), "random bytes");
		}
		return Frame.text(values.chance(0.5) ? values.unicode(length) : values.ascii(length), "random text");
	}

	private Frame binary(OddValues values) {
		byte[] bytes = values.chance(0.5) ? message(values, values.pick(TYPES)).write().getBytes(StandardCharsets.UTF_8)
				: randomBytes(values.random(), values.between(0, 2000));
		return Frame.of(Frame.Kind.BINARY, bytes, "binary");
	}

	private Frame fragmented(OddValues values) {
		String type = values.pick(TYPES);
		byte[] bytes = message(values, type).write().getBytes(StandardCharsets.UTF_8);
		int cuts = values.between(1, 5);
		List<Integer> at = new ArrayList<>();
		for (int i = 0; i < cuts; i++) {
			at.add(values.between(0, bytes.length));
		}
		Collections.sort(at);
		List<byte[]> parts = new ArrayList<>();
		int from = 0;
		for (int cut : at) {
			parts.add(java.util.Arrays.copyOfRange(bytes, from, cut));
			from = cut;
		}
		parts.add(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
		return new Frame(Frame.Kind.FRAGMENTED_TEXT, parts, "fragmented " + type);
	}

	/** A frame of a size just within the limit, the limit itself included. */
	private Frame nearLimit(OddValues values) {
		int size = this.targets.frameLimit() - values.between(0, 300);
		String type = values.chance(0.5) ? "echo.message" : values.pick(TYPES);
		String head = "{\"type\":\"" + type + "\",\"data\":{\"" + values.pick(new String[] { "pick_up_address", "text",
				"token", "status", "id", "lat" }) + "\":\"";
		String tail = "\"}}";
		int filler = size - head.length() - tail.length();
		if (values.chance(0.2)) {
			return Frame.of(Frame.Kind.BINARY, randomBytes(values.random(), size), "binary near the limit");
		}
		// Multi-byte characters, then ASCII to the exact size.
		StringBuilder text = new StringBuilder(head);
		int bytes = 0;
		if (values.chance(0.3)) {
			while (bytes + 3 <= filler / 2) {
				text.append('\u20ac');
				bytes += 3;
			}
		}
		text.append("y".repeat(filler - bytes)).append(tail);
		return Frame.text(text.toString(), "near the limit, " + type);
	}

	static byte[] randomBytes(SplittableRandom random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	enum Kind {

		TRIP_ID, USER_ID, ADDRESS, STATUS, TIMESTAMP, LAT, LNG, HEADING, SPEED, TEXT, MODEL, TOKEN, ANY

	}

	private record Field(String name, Kind kind, boolean required) {
	}

}
