package dev.taxi.channels.socket;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Reads the usual message in one pass, its {@code data} straight into the handler's payload:
 * {@code type} (and {@code id}) before {@code data}, {@code data} an object, each key once.
 * It gives up on anything else, and on a payload it cannot bind, and the dispatcher reads such a
 * message the full way, which knows every way a message can be wrong. It only spares the usual
 * message a tree of it, which drivers reporting their positions would pay thousands of times a
 * second.
 */
final class OnePassReader {

	private final ObjectMapper mapper;

	private final MessageHandlers handlers;

	private final Function<Class<?>, ObjectReader> readers;

	private final int maxIdLength;

	OnePassReader(ObjectMapper mapper, MessageHandlers handlers, Function<Class<?>, ObjectReader> readers,
			int maxIdLength) {
		this.mapper = mapper;
		this.handlers = handlers;
		this.readers = readers;
		this.maxIdLength = maxIdLength;
	}

	/** A message read, and its payload bound (not yet validated). */
	record Read(MessageHandlers.Handler handler, String type, @Nullable String id, Object payload) {
	}

	/** The message read, or {@code null} if it is to be read the full way. */
	@Nullable Read read(String text) {
		try (JsonParser parser = this.mapper.createParser(text)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			String type = null;
			MessageHandlers.Handler handler = null;
			String id = null;
			boolean idSeen = false;
			Object payload = null;
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				JsonToken token = parser.nextToken();
				switch (name) {
					case "type" -> {
						if (type != null || token != JsonToken.VALUE_STRING) {
							return null;
						}
						type = parser.getString();
						handler = this.handlers.find(type);
						if (handler == null || handler.payloadType() == null) {
							return null;
						}
					}
					case "id" -> {
						if (idSeen || (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NULL)) {
							return null;
						}
						idSeen = true;
						id = (token == JsonToken.VALUE_STRING) ? parser.getString() : null;
						if (id != null && id.codePointCount(0, id.length()) > this.maxIdLength) {
							return null;
						}
					}
					case "data" -> {
						if (handler == null || payload != null || token != JsonToken.START_OBJECT) {
							return null;
						}
						payload = this.readers.apply(handler.payloadType()).readValue(parser);
						if (payload == null) {
							return null;
						}
					}
					default -> parser.skipChildren();
				}
			}
			if (parser.nextToken() != null || handler == null || payload == null) {
				return null;
			}
			return new Read(handler, type, id, payload);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
