package dev.taxi.channels.socket;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message a client sent: {@code {"type": ..., "data": ..., "id": ...}}.
 * @param type what the client asks for; selects the handler
 * @param data the payload ({@code null} node if absent)
 * @param id the client's own id for the message, echoed as {@code ref} in answers
 * @param envelope the whole message as received
 */
public record InboundMessage(String type, JsonNode data, @Nullable String id, ObjectNode envelope) {
}
