package dev.taxi.trips;

import java.time.Instant;
import java.util.UUID;

import dev.taxi.auth.UserView;
import dev.taxi.channels.socket.Echo;
import dev.taxi.channels.socket.Refusal;
import dev.taxi.channels.socket.WireProtocol;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The reference server's protocol, for connections that ask for no subprotocol: every frame is
 * {@code {"type": "echo.message", "data": <trip>}}, because the reference client treats every
 * frame as a trip. Refusals show the trip's current state if there is one to show, else nothing;
 * what v2 adds (chat, location, subscriptions, pong) is not shown. A cancelled trip is a trip like
 * any other, with status {@code CANCELED}.
 */
@Component
class V1Protocol implements WireProtocol {

	static final String NAME = "v1";

	private static final String TYPE = "echo.message";

	private final JsonMapper mapper;

	V1Protocol(JsonMapper mapper) {
		this.mapper = mapper;
		warmUp();
	}

	/** Jackson builds serializers under a lock on first use: build them now, not on an event loop. */
	private void warmUp() {
		UserView user = new UserView(0, "", "", "", "rider", null);
		render(new TripEvent(TripEvent.Kind.CURRENT, new TripView(new UUID(0, 0), Instant.EPOCH, Instant.EPOCH, "", "",
				TripStatus.REQUESTED, user, user)));
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public @Nullable String subprotocol() {
		return null;
	}

	@Override
	public byte @Nullable [] render(Object event) {
		if (event instanceof Echo echo) {
			return this.mapper.writeValueAsBytes(echo.message());
		}
		if (event instanceof TripEvent tripEvent && tripEvent.kind() != TripEvent.Kind.TAKEN) {
			return this.mapper.writeValueAsBytes(new Frame(TYPE, tripEvent.trip()));
		}
		return null;
	}

	@Override
	public byte @Nullable [] renderReply(Object event, @Nullable String ref) {
		return render(event);
	}

	@Override
	public byte @Nullable [] renderRefusal(Refusal refusal, @Nullable String ref) {
		return (refusal.shown() != null) ? render(refusal.shown()) : null;
	}

	private record Frame(String type, Object data) {
	}

}
