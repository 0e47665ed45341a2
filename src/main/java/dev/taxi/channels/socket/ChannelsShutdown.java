package dev.taxi.channels.socket;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * On shutdown, closes every WebSocket with 1001 (going away) before the web server stops, so
 * clients reconnect at once, to another instance if there is one.
 */
final class ChannelsShutdown implements SmartLifecycle {

	private static final Duration CLOSING_TIMEOUT = Duration.ofSeconds(5);

	private final ChannelsWebSocketHandler handler;

	private volatile boolean running;

	ChannelsShutdown(ChannelsWebSocketHandler handler) {
		this.handler = handler;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException("Stop only asynchronously");
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		this.handler.closeAll(CloseStatus.GOING_AWAY)
			.timeout(CLOSING_TIMEOUT, Mono.empty())
			.doFinally((signal) -> callback.run())
			.subscribe();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
