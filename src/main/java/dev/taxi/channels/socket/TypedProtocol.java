package dev.taxi.channels.socket;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Protocol v2, subprotocol {@code taxi.v2}: every {@link TypedEvent} as
 * {@code {"type", "data"}}, answers to the sender with the client's {@code id} as {@code ref},
 * refusals as {@code error} with a code and a message. Events that are not typed (v1's echo of a
 * client's message) are written as they are.
 */
public final class TypedProtocol implements WireProtocol {

	/** The name v2 frames are keyed by in a {@link dev.taxi.channels.ChannelMessage}. */
	public static final String NAME = "v2";

	static final String SUBPROTOCOL = "taxi.v2";

	private static final String ERROR = "error";

	private final JsonMapper mapper;

	TypedProtocol(JsonMapper mapper) {
		this.mapper = mapper;
		warmUp();
	}

	/** Jackson builds serializers under a lock on first use: build them now, not on an event loop. */
	private void warmUp() {
		renderReply(new Pong(Map.of("at", Instant.EPOCH)), "warm-up");
		renderRefusal(new Refusal(RefusalCode.BAD_REQUEST, "warm-up"), "warm-up");
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String subprotocol() {
		return SUBPROTOCOL;
	}

	@Override
	public byte @Nullable [] render(Object event) {
		return renderReply(event, null);
	}

	@Override
	public byte @Nullable [] renderReply(Object event, @Nullable String ref) {
		if (event instanceof TypedEvent typed) {
			return this.mapper.writeValueAsBytes(new Frame(typed.type(), typed.data(), ref));
		}
		if (event instanceof Echo echo) {
			return this.mapper.writeValueAsBytes(echo.message());
		}
		return null;
	}

	@Override
	public byte[] renderRefusal(Refusal refusal, @Nullable String ref) {
		return this.mapper.writeValueAsBytes(
				new Frame(ERROR, new ErrorData(refusal.code().wireName(), refusal.getMessage()), ref));
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	private record Frame(String type, Object data, @Nullable String ref) {
	}

	private record ErrorData(String code, String message) {
	}

}
