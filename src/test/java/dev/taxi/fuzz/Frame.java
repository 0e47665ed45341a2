package dev.taxi.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * One generated WebSocket message: its kind, its bytes (several parts for a fragmented message),
 * and how it was made. {@link #describe} prints it so that a failing case can be read and replayed.
 */
record Frame(Kind kind, List<byte[]> parts, String recipe) {

	enum Kind {

		/** One text frame, whatever its bytes (invalid UTF-8 included). */
		TEXT,
		/** One binary frame. */
		BINARY,
		/** A text frame continued by continuation frames, one per further part. */
		FRAGMENTED_TEXT,
		/** A ping control frame (at most 125 bytes). */
		PING,
		/** An unsolicited pong control frame. */
		PONG

	}

	static Frame text(String text, String recipe) {
		return new Frame(Kind.TEXT, List.of(text.getBytes(StandardCharsets.UTF_8)), recipe);
	}

	static Frame of(Kind kind, byte[] bytes, String recipe) {
		return new Frame(kind, List.of(bytes), recipe);
	}

	/** The message's size as the server counts it: all its parts together. */
	int size() {
		return this.parts.stream().mapToInt((part) -> part.length).sum();
	}

	byte[] bytes() {
		byte[] all = new byte[size()];
		int at = 0;
		for (byte[] part : this.parts) {
			System.arraycopy(part, 0, all, at, part.length);
			at += part.length;
		}
		return all;
	}

	/** Kind, size, recipe and the content: as Java string escapes if it is UTF-8, else as hex. */
	String describe(int maxChars) {
		byte[] bytes = bytes();
		String content = Utf8.isValid(bytes) ? Utf8.escape(new String(bytes, StandardCharsets.UTF_8))
				: "hex:" + HexFormat.of().formatHex(bytes);
		if (content.length() > maxChars) {
			content = content.substring(0, maxChars) + "... (" + content.length() + " chars in all)";
		}
		String fragments = (this.parts.size() > 1) ? ", parts of " + this.parts.stream().map((p) -> String.valueOf(p.length)).toList() : "";
		return this.kind + " of " + bytes.length + " bytes" + fragments + " [" + this.recipe + "]: " + content;
	}

}
