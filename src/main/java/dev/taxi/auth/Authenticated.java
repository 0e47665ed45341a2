package dev.taxi.auth;

import java.time.Instant;

import dev.taxi.channels.socket.TypedEvent;

/** The answer to {@code auth}: the connection now lasts until the new token's expiry. */
record Authenticated(Expiry data) implements TypedEvent {

	Authenticated(Instant exp) {
		this(new Expiry(exp));
	}

	@Override
	public String type() {
		return "authenticated";
	}

	record Expiry(Instant exp) {
	}

}
