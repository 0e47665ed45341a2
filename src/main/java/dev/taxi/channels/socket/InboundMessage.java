package dev.taxi.channels.socket;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message a client sent: {@code {"type": ..., "data": ..., "id": ...}}. A message whose
 * {@code data} went straight into its handler's payload is read into a tree only if a handler
 * asks for its {@link #data} or {@link #envelope}.
 */
public final class InboundMessage {

	private final String type;

	private final @Nullable String id;

	private final String text;

	private final Function<String, ObjectNode> reading;

	private @Nullable ObjectNode envelope;

	private InboundMessage(String type, @Nullable String id, String text, Function<String, ObjectNode> reading,
			@Nullable ObjectNode envelope) {
		this.type = type;
		this.id = id;
		this.text = text;
		this.reading = reading;
		this.envelope = envelope;
	}

	/** A message already read into a tree. */
	static InboundMessage of(String type, @Nullable String id, ObjectNode envelope) {
		return new InboundMessage(type, id, "", (text) -> envelope, envelope);
	}

	/** A message kept as its text, read into a tree by {@code reading} when first asked for. */
	static InboundMessage unread(String type, @Nullable String id, String text, Function<String, ObjectNode> reading) {
		return new InboundMessage(type, id, text, reading, null);
	}

	/** What the client asks for; selects the handler. */
	public String type() {
		return this.type;
	}

	/** The client's own id for the message, sent back as {@code ref} in answers. */
	public @Nullable String id() {
		return this.id;
	}

	/** The payload ({@code null} node if absent). */
	public JsonNode data() {
		JsonNode data = envelope().get("data");
		return (data != null) ? data : NullNode.getInstance();
	}

	/** The whole message as received. */
	public ObjectNode envelope() {
		ObjectNode envelope = this.envelope;
		if (envelope == null) {
			envelope = this.reading.apply(this.text);
			this.envelope = envelope;
		}
		return envelope;
	}

}
