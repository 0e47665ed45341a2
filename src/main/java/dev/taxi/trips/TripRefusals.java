package dev.taxi.trips;

import dev.taxi.channels.socket.Refusal;
import dev.taxi.channels.socket.RefusalCode;
import dev.taxi.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A refused trip action as the WebSocket protocol answers it, and as REST's problem details do. */
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

	/** The same reasons as HTTP statuses, for the endpoints that answer problem details. */
	public static ErrorResponseException problem(TripRefusedException ex) {
		HttpStatus status = switch (ex.reason()) {
			case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
			case FORBIDDEN -> HttpStatus.FORBIDDEN;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
		};
		return Problems.of(status, ex.getMessage());
	}

}
