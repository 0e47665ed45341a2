package dev.taxi.auth;

import java.time.Instant;

import dev.taxi.channels.socket.TypedEvent;

/** The answer to {@code auth}: the connection now lasts until the new token's expiry. */
record Authenticated(Expiry data) implements TypedEvent {

	Authenticated(Instant exp) {
		this(new Expiry(exp.getEpochSecond()));
	}

	@Override
	public String type() {
		return "authenticated";
	}

	/** @param exp seconds since the epoch, as the token's own {@code exp} claim */
	record Expiry(long exp) {
	}

}
