package dev.taxi.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Values a parser or a validator may trip over: numbers at and past every limit, strings with
 * NUL, lone surrogates, direction marks, lengths either side of every bound, nesting past the
 * parser's depth, and values of every other JSON type.
 */
final class OddValues {

	private static final String[] NUMBERS = { "0", "-0", "-0.0", "0.0", "1", "-1", "2", "42", "7", "1e400", "-1e400",
			"1e-400", "4.9e-324", "1.7976931348623157e308", "1.7976931348623157e309", "9223372036854775807",
			"9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551616",
			"2147483648", "-2147483649", "1E+2", "0.1e1", "123456789.123456789e-300", "2.5", "-90.0000001",
			"90", "-90", "180", "-180", "180.0000001", "360", "359.9999", "1e2", "1.0", "3.141592653589793238462643383279" };

	/** Not JSON numbers at all: whatever carries them is not valid JSON. */
	private static final String[] BROKEN_NUMBERS = { "01", "+1", ".5", "1.", "1e", "-", "NaN", "Infinity", "-Infinity",
			"0x10", "1_000", "1e+", "--1", "1.2.3" };

	private static final String[] WORDS = { "", " ", "\t\n", "null", "true", "false", "42", "-1", "0", "1e400", "NaN",
			"Infinity", "-Infinity", "REQUESTED", "requested", " STARTED", "STARTED ", "IN_PROGRESS", "COMPLETED",
			"CANCELED", "CANCELLED", "trip", "TRIP", "user", "rider", "driver", "admin", "echo.message", "ping",
			"create.trip", "\u0000", "a\u0000b", "\ud800", "\udfff", "x\udc00\ud800y", "\ud83d\ude95", "e\u0301",
			"\u202eabc", "\ufeff", "\uffff", "\u2028", "\"", "\\", "\\u0000", "{}", "[]", "<script>alert(1)</script>",
			"'; DROP TABLE trips; --", "%s%n%x", "../../etc/passwd", "2026-11-21T10:15:30.123456Z", "2026-13-45T99:99:99Z",
			"00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-uuid",
			"{00000000-0000-4000-8000-000000000000}", "00000000000040008000000000000000", "0-0-0-0-0" };

	private final SplittableRandom random;

	OddValues(SplittableRandom random) {
		this.random = random;
	}

	SplittableRandom random() {
		return this.random;
	}

	boolean chance(double probability) {
		return this.random.nextDouble() < probability;
	}

	int between(int min, int max) {
		return this.random.nextInt(min, max + 1);
	}

	<T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	<T> T pick(T[] values) {
		return values[this.random.nextInt(values.length)];
	}

	/** A JSON number, odd or not, valid JSON or (rarely) not. */
	Json number() {
		return switch (this.random.nextInt(8)) {
			case 0 -> Json.number("1" + "0".repeat(between(20, 990)));
			case 1 -> Json.number("-" + "9".repeat(between(1, 1100)));
			case 2 -> Json.number(Long.toString(this.random.nextLong()));
			case 3 -> Json.number(Double.toString(this.random.nextDouble(-1e6, 1e6)));
			case 4 -> Json.number("0." + "0".repeat(between(1, 400)) + "1");
			case 5 -> Json.number(pick(BROKEN_NUMBERS));
			default -> Json.number(pick(NUMBERS));
		};
	}

	/** A string, odd or not. */
	String text() {
		return switch (this.random.nextInt(12)) {
			case 0 -> "x".repeat(pick(new Integer[] { 150, 151, 254, 255, 256, 1999, 2000, 2001, 4000 }));
			case 1 -> "\ud83d\ude95".repeat(pick(new Integer[] { 75, 76, 127, 128, 200, 1000, 2001 }));
			case 2 -> unicode(between(1, 40));
			case 3 -> ascii(between(0, 40));
			case 4 -> UUID.randomUUID().toString().toUpperCase();
			case 5 -> new UUID(this.random.nextLong(), this.random.nextLong()).toString();
			case 6 -> surrounded(pick(WORDS));
			default -> pick(WORDS);
		};
	}

	private String surrounded(String word) {
		return switch (this.random.nextInt(3)) {
			case 0 -> " " + word;
			case 1 -> word + "\u0000";
			default -> word + word;
		};
	}

	String ascii(int length) {
		StringBuilder out = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			out.append((char) this.random.nextInt(0x20, 0x7f));
		}
		return out.toString();
	}

	/** Code points from every plane, lone surrogates included. */
	String unicode(int length) {
		StringBuilder out = new StringBuilder(length * 2);
		for (int i = 0; i < length; i++) {
			int codePoint = switch (this.random.nextInt(5)) {
				case 0 -> this.random.nextInt(0, 0x20);
				case 1 -> this.random.nextInt(0x80, 0x800);
				case 2 -> this.random.nextInt(0xd800, 0xe000);
				case 3 -> this.random.nextInt(0x10000, 0x110000);
				default -> this.random.nextInt(0x20, 0x7f);
			};
			out.appendCodePoint(codePoint);
		}
		return out.toString();
	}

	/** Any JSON value: mostly small and odd, sometimes nested or deep. */
	Json any(int budget) {
		int kind = this.random.nextInt((budget > 0) ? 9 : 6);
		return switch (kind) {
			case 0 -> Json.NULL;
			case 1 -> chance(0.5) ? Json.TRUE : Json.FALSE;
			case 2 -> number();
			case 3, 4 -> new Json.Str(text(), chance(0.2));
			case 5 -> (chance(0.1)) ? deep(between(2, 1200), null) : Json.raw("[]");
			case 6 -> array(budget - 1);
			case 7 -> object(budget - 1);
			default -> deep(pick(new Integer[] { 10, 499, 500, 501, 999, 1000, 1001, 1500, 5000 }), null);
		};
	}

	private Json array(int budget) {
		List<Json> items = new ArrayList<>();
		int size = between(0, 4);
		for (int i = 0; i < size; i++) {
			items.add(any(budget));
		}
		return new Json.Arr(items);
	}

	private Json object(int budget) {
		Json.Obj object = Json.Obj.of();
		int size = between(0, 4);
		for (int i = 0; i < size; i++) {
			object.with(chance(0.5) ? pick(WORDS) : ascii(between(1, 8)), any(budget));
		}
		return object;
	}

	/**
	 * Arrays or objects {@code depth} deep around {@code core} (or nothing); sometimes left open.
	 */
	Json deep(int depth, @Nullable Json core) {
		boolean objects = chance(0.5);
		StringBuilder out = new StringBuilder(depth * 6);
		for (int i = 0; i < depth; i++) {
			out.append(objects ? "{\"a\":" : "[");
		}
		out.append((core != null) ? core.write() : "1");
		if (!chance(0.1)) {
			for (int i = 0; i < depth; i++) {
				out.append(objects ? '}' : ']');
			}
		}
		return Json.raw(out.toString());
	}

}
