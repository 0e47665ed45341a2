package dev.taxi.channels.socket;

import java.util.Map;

import reactor.core.publisher.Mono;

/** The messages every connection may send, whatever the features: {@code echo.message} and {@code ping}. */
final class BuiltInHandlers {

	@On("echo.message")
	Mono<Void> echo(Connection connection, InboundMessage message) {
		connection.reply(new Echo(message.envelope()), null);
		return Mono.empty();
	}

	@On("ping")
	Mono<Void> ping(Connection connection, InboundMessage message) {
		Object data = message.data().isObject() ? message.data() : Map.of();
		connection.reply(new Pong(data), message.id());
		return Mono.empty();
	}

}
