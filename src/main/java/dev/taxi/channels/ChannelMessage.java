package dev.taxi.channels;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A message as the channel layer carries it: already rendered, once, into the text frame that
 * each protocol version expects. Every recipient of a group message shares the same bytes.
 * A protocol with no frame does not show this message to its connections.
 */
public final class ChannelMessage {

	private final Map<String, byte[]> frames;

	private ChannelMessage(Map<String, byte[]> frames) {
		this.frames = frames;
	}

	/** A message from text frames keyed by protocol name. */
	public static ChannelMessage of(Map<String, String> framesByProtocol) {
		Map<String, byte[]> frames = new LinkedHashMap<>();
		framesByProtocol.forEach((protocol, text) -> frames.put(Objects.requireNonNull(protocol, "protocol"),
				text.getBytes(StandardCharsets.UTF_8)));
		return new ChannelMessage(Map.copyOf(frames));
	}

	/**
	 * A message from UTF-8 frames that are handed over, not copied: a transport that decoded them
	 * once shares them with every recipient.
	 */
	static ChannelMessage ofFrames(Map<String, byte[]> framesByProtocol) {
		return new ChannelMessage(Map.copyOf(framesByProtocol));
	}

	/** The frames keyed by protocol name, as they are (not copied), for transports to encode. */
	Map<String, byte[]> frames() {
		return this.frames;
	}

	/** The UTF-8 text frame for a protocol, or {@code null} if that protocol does not show it. */
	public byte @Nullable [] frame(String protocol) {
		return this.frames.get(protocol);
	}

	/** The frames as text, keyed by protocol name, for transports that carry them elsewhere. */
	public Map<String, String> framesAsText() {
		Map<String, String> texts = new LinkedHashMap<>();
		this.frames.forEach((protocol, bytes) -> texts.put(protocol, new String(bytes, StandardCharsets.UTF_8)));
		return texts;
	}

	@Override
	public String toString() {
		return "ChannelMessage" + framesAsText();
	}

}
