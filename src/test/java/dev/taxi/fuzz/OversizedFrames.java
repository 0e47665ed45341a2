package dev.taxi.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Frames over the size limit: one byte over, up to a few times over, past the frame decoder's
 * own limit; text (JSON or not), binary, or a text message in two fragments.
 */
final class OversizedFrames {

	private OversizedFrames() {
	}

	static Frame generate(long seed, int limit) {
		SplittableRandom random = new SplittableRandom(seed);
		int size = switch (random.nextInt(5)) {
			case 0 -> limit + 1;
			case 1 -> limit + random.nextInt(1, 64);
			case 2 -> limit + random.nextInt(1, 3 * limit);
			case 3 -> 4 * limit + random.nextInt(1, 64);
			default -> 4 * limit + random.nextInt(1, 2 * limit);
		};
		String head = "{\"type\":\"echo.message\",\"data\":\"";
		String tail = "\"}";
		byte[] json = (head + "z".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
		return switch (random.nextInt(4)) {
			case 0 -> Frame.of(Frame.Kind.TEXT, json, "oversized JSON");
			case 1 -> Frame.of(Frame.Kind.BINARY, FrameGenerator.randomBytes(random, size), "oversized binary");
			case 2 -> {
				int cut = random.nextInt(1, limit);
				yield new Frame(Frame.Kind.FRAGMENTED_TEXT,
						List.of(Arrays.copyOf(json, cut), Arrays.copyOfRange(json, cut, json.length)), "oversized in fragments");
			}
			default -> Frame.of(Frame.Kind.TEXT, FrameGenerator.randomBytes(random, size), "oversized random bytes");
		};
	}

}
