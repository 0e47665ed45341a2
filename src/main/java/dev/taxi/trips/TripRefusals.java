package dev.taxi.trips;

import dev.taxi.channels.socket.Refusal;
import dev.taxi.channels.socket.RefusalCode;

/** A refused trip action as the WebSocket protocol answers it. */
public final class TripRefusals {

	private TripRefusals() {
	}

	public static Refusal refusal(TripRefusedException ex) {
		RefusalCode code = switch (ex.reason()) {
			case BAD_REQUEST -> RefusalCode.BAD_REQUEST;
			case FORBIDDEN -> RefusalCode.FORBIDDEN;
			case NOT_FOUND -> RefusalCode.NOT_FOUND;
			case CONFLICT -> RefusalCode.CONFLICT;
		};
		Trip current = ex.current();
		return new Refusal(code, ex.getMessage(),
				(current != null) ? TripEvents.event(TripEvent.Kind.CURRENT, current) : null);
	}

}
