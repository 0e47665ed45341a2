package dev.taxi.trips;

import org.jspecify.annotations.Nullable;

/**
 * A trip action the rules do not allow. Carries the trip's current state when the user may see
 * it (or lost an accept race), so that a stale client can correct itself.
 */
public final class TripRefusedException extends RuntimeException {

	/** Why: the same reasons over REST (400, 403, 404, 409) and over WebSocket. */
	public enum Reason {

		BAD_REQUEST, FORBIDDEN, NOT_FOUND, CONFLICT

	}

	private final Reason reason;

	private final @Nullable Trip current;

	public TripRefusedException(Reason reason, String message, @Nullable Trip current) {
		super(message, null, false, false);
		this.reason = reason;
		this.current = current;
	}

	static TripRefusedException notFound() {
		return new TripRefusedException(Reason.NOT_FOUND, "No such trip", null);
	}

	public Reason reason() {
		return this.reason;
	}

	public @Nullable Trip current() {
		return this.current;
	}

}
