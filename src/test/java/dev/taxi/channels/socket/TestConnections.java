package dev.taxi.channels.socket;

import dev.taxi.channels.ChannelLayer;

/** Connections of no socket, for tests of what features do with them. */
public final class TestConnections {

	private TestConnections() {
	}

	/** A connection of a user, on a channel of its own. */
	public static Connection of(String user, String channel) {
		return new Connection(channel, () -> user, new MessageDispatcherTests.RefusalsAsText(), ChannelLayer.inMemory(), 8);
	}

}
