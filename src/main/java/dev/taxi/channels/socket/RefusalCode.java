package dev.taxi.channels.socket;

/** Why a message was refused, as the protocol names it. */
public enum RefusalCode {

	/** Not JSON, not an object, missing or invalid fields. */
	BAD_REQUEST("bad_request"),

	/** No handler for the message's type. */
	UNKNOWN_TYPE("unknown_type"),

	/** The user's role may not do this. */
	FORBIDDEN("forbidden"),

	/** No such thing, or one the user may not see. */
	NOT_FOUND("not_found"),

	/** The current state does not allow it. */
	CONFLICT("conflict"),

	RATE_LIMITED("rate_limited"),

	TOO_LARGE("too_large"),

	/**
	 * A service the server needs (its database) does not answer; nothing was changed. On the wire
	 * it is {@code rate_limited}, the code that already tells a client to wait and try again.
	 */
	UNAVAILABLE("rate_limited");

	private final String wireName;

	RefusalCode(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

}
