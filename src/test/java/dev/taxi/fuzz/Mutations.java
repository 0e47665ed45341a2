package dev.taxi.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Byte-level mutations of a message: cut, delete, insert, flip, duplicate, splice in a token. */
final class Mutations {

	private static final String[] TOKENS = { "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "null", "1e400",
			"-", "\u0000", "\n", " ", "{\"a\":", "]]]]", "\"type\":\"ping\"", "\"data\":null" };

	private final OddValues values;

	Mutations(OddValues values) {
		this.values = values;
	}

	record Result(byte[] bytes, List<String> steps) {
	}

	Result mutate(byte[] original) {
		byte[] bytes = original;
		List<String> steps = new ArrayList<>();
		int count = this.values.between(1, 3);
		for (int i = 0; i < count; i++) {
			int at = this.values.between(0, bytes.length);
			switch (this.values.random().nextInt(7)) {
				case 0 -> {
					bytes = Arrays.copyOf(bytes, at);
					steps.add("cut at " + at);
				}
				case 1 -> {
					int end = Math.min(bytes.length, at + this.values.between(1, 16));
					bytes = splice(bytes, at, end, new byte[0]);
					steps.add("delete " + at + ".." + end);
				}
				case 2 -> {
					byte[] inserted = FrameGenerator.randomBytes(this.values.random(), this.values.between(1, 4));
					bytes = splice(bytes, at, at, inserted);
					steps.add("insert random at " + at);
				}
				case 3 -> {
					if (bytes.length > 0) {
						int index = Math.min(at, bytes.length - 1);
						bytes = bytes.clone();
						bytes[index] ^= (byte) (1 << this.values.between(0, 7));
						steps.add("flip a bit at " + index);
					}
				}
				case 4 -> {
					int end = Math.min(bytes.length, at + this.values.between(1, 64));
					bytes = splice(bytes, end, end, Arrays.copyOfRange(bytes, at, end));
					steps.add("duplicate " + at + ".." + end);
				}
				case 5 -> {
					int end = Math.min(bytes.length, at + this.values.between(0, 8));
					String token = this.values.pick(TOKENS);
					bytes = splice(bytes, at, end, token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
					steps.add("replace " + at + ".." + end + " with a token");
				}
				default -> {
					byte[] value = this.values.any(1).write().getBytes(java.nio.charset.StandardCharsets.UTF_8);
					bytes = splice(bytes, at, at, value);
					steps.add("insert a value at " + at);
				}
			}
		}
		return new Result(bytes, steps);
	}

	private static byte[] splice(byte[] bytes, int from, int to, byte[] inserted) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
		out.write(bytes, 0, from);
		out.writeBytes(inserted);
		out.write(bytes, to, bytes.length - to);
		return out.toByteArray();
	}

}
