package dev.taxi.channels.socket;

import reactor.core.publisher.Mono;

/**
 * Hooks into a connection's life. {@link #onConnect} runs after the connection is attached to
 * the channel layer and before its first message is handled; {@link #onDisconnect} runs once it
 * closed, before it leaves its groups.
 */
public interface ConnectionListener {

	default Mono<Void> onConnect(Connection connection) {
		return Mono.empty();
	}

	default Mono<Void> onDisconnect(Connection connection) {
		return Mono.empty();
	}

}
