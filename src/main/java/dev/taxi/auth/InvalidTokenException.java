package dev.taxi.auth;

/** A token that is malformed, wrongly signed, expired or of the wrong type. */
public final class InvalidTokenException extends RuntimeException {

	InvalidTokenException(String message) {
		super(message, null, false, false);
	}

}
