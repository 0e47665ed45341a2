package dev.taxi.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How much to fuzz, from system properties (see README, "Fuzzing"): a fresh seed per run unless
 * {@code taxi.fuzz.seed} replays one; {@code taxi.fuzz.frames} and {@code taxi.fuzz.bodies} run
 * more; {@code taxi.fuzz.only} and {@code taxi.fuzz.only-bodies} send only the frames or bodies of those
 * numbers (of the seed's run).
 */
record FuzzSettings(long seed, int frames, int bodies, int oversized, List<Integer> only, List<Integer> onlyBodies) {

	static FuzzSettings fromSystemProperties() {
		String seed = System.getProperty("taxi.fuzz.seed");
		return new FuzzSettings((seed != null) ? Long.decode(seed) : ThreadLocalRandom.current().nextLong(),
				Integer.getInteger("taxi.fuzz.frames", 3000), Integer.getInteger("taxi.fuzz.bodies", 300),
				Integer.getInteger("taxi.fuzz.oversized", 8), numbers("taxi.fuzz.only"), numbers("taxi.fuzz.only-bodies"));
	}

	private static List<Integer> numbers(String property) {
		String value = System.getProperty(property, "");
		return value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).map(Integer::valueOf).toList();
	}

	/** The seed of one frame or body: a mix of the run's seed and its number, so each can be made alone. */
	long seedOf(String what, int index) {
		long z = this.seed ^ what.hashCode() * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	String replay() {
		return "-Dtaxi.fuzz.seed=" + this.seed;
	}

}
