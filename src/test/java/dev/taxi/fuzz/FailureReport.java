package dev.taxi.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A broken property, told so that it can be replayed: the run's seed, the frames concerned with
 * their numbers (each can be sent alone with {@code -Dtaxi.fuzz.only}), and each frame's bytes
 * in {@code target/fuzz-failures/}.
 */
final class FailureReport {

	private static final Path DIRECTORY = Path.of("target", "fuzz-failures");

	private FailureReport() {
	}

	/** A frame and its number in the run: the number and the run's seed make it again. */
	record Numbered(int index, Frame frame) {
	}

	static String of(FuzzSettings settings, String where, String problem, List<Numbered> frames) {
		return of(settings, where, problem, frames, true);
	}

	/** @param alone whether {@code taxi.fuzz.only} can send these frames alone */
	static String of(FuzzSettings settings, String where, String problem, List<Numbered> frames, boolean alone) {
		StringBuilder out = new StringBuilder();
		out.append("Fuzzing broke a property on ").append(where).append(": ").append(problem).append('\n');
		out.append("  replay the run: ").append(settings.replay());
		if (alone && !frames.isEmpty()) {
			out.append("; only these frames: ").append(settings.replay()).append(" -Dtaxi.fuzz.only=")
				.append(String.join(",", frames.stream().map((frame) -> String.valueOf(frame.index())).toList()));
		}
		out.append('\n');
		for (Numbered numbered : frames) {
			Path file = save(settings, numbered);
			out.append("  frame #").append(numbered.index()).append(": ").append(numbered.frame().describe(2000))
				.append("\n    (its bytes: ").append(file).append(")\n");
		}
		return out.toString();
	}

	private static Path save(FuzzSettings settings, Numbered numbered) {
		try {
			Files.createDirectories(DIRECTORY);
			Path file = DIRECTORY.resolve(settings.seed() + "-" + numbered.index() + ".bin");
			Files.write(file, numbered.frame().bytes());
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
