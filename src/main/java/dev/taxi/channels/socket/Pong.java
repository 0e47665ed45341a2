package dev.taxi.channels.socket;

/** The answer to {@code ping}: the ping's data back, so a client can time the round trip. */
record Pong(Object data) implements TypedEvent {

	@Override
	public String type() {
		return "pong";
	}

}
