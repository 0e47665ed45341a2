package dev.taxi.channels;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A message as the channel layer carries it: already rendered, once, into the text frame that
 * each protocol version expects. Every recipient of a group message shares the same bytes.
 * A protocol with no frame does not show this message to its connections.
 *
 * <p>A message may name its <em>audience</em>: the principals allowed to receive it. A member of
 * the group that is not among them does not get it. Membership is a matter of who follows a
 * group; the audience is a matter of who may see this one message, decided when it is sent
 * (who may see a thing can change after someone joined its group).
 */
public final class ChannelMessage {

	private final Map<String, byte[]> frames;

	private final @Nullable Set<String> audience;

	private ChannelMessage(Map<String, byte[]> frames, @Nullable Set<String> audience) {
		this.frames = frames;
		this.audience = audience;
	}

	/** A message from text frames keyed by protocol name, for every member. */
	public static ChannelMessage of(Map<String, String> framesByProtocol) {
		Map<String, byte[]> frames = new LinkedHashMap<>();
		framesByProtocol.forEach((protocol, text) -> frames.put(Objects.requireNonNull(protocol, "protocol"),
				text.getBytes(StandardCharsets.UTF_8)));
		return new ChannelMessage(Map.copyOf(frames), null);
	}

	/**
	 * A message from UTF-8 frames that are handed over, not copied: a transport that decoded them
	 * once shares them with every recipient.
	 */
	public static ChannelMessage ofFrames(Map<String, byte[]> framesByProtocol, @Nullable Set<String> audience) {
		return new ChannelMessage(Map.copyOf(framesByProtocol), (audience != null) ? Set.copyOf(audience) : null);
	}

	/** The same message, for these principals only (by name). */
	public ChannelMessage onlyFor(Collection<String> principals) {
		return new ChannelMessage(this.frames, Set.copyOf(principals));
	}

	/** Whether a member with this principal name may receive the message. */
	public boolean isFor(String principal) {
		return this.audience == null || this.audience.contains(principal);
	}

	/** The principals the message is restricted to, or {@code null} for every member. */
	public @Nullable Set<String> audience() {
		return this.audience;
	}

	/** The frames keyed by protocol name, as they are (not copied), for transports to encode. */
	public Map<String, byte[]> frames() {
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
		return "ChannelMessage" + framesAsText() + ((this.audience != null) ? " for " + this.audience : "");
	}

}
