package dev.taxi.channels.redis;

import java.time.Duration;

import dev.taxi.channels.socket.ChannelsWebSocketHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * When Redis stays unreachable longer than a grace, closes every WebSocket with 1012 (service
 * restart). A shorter outage needs nothing of the clients: the instance serves its own members
 * meanwhile, and once Redis is back the features resynchronise them from the database (see
 * {@link dev.taxi.channels.Gap}). Through a long one its clients would hear nothing of the other
 * instances for long: they are told to reconnect. If the outage is this instance's alone (a broken
 * network), a load balancer that follows readiness sends them to an instance that hears the
 * others; if Redis itself is away, every instance refuses them (503) until it is back, which is
 * the truth about the service.
 */
final class RedisOutageGuard implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RedisOutageGuard.class);

	private final Flux<Boolean> reachability;

	private final ChannelsWebSocketHandler handler;

	private final Duration grace;

	private volatile @Nullable Disposable watch;

	RedisOutageGuard(Flux<Boolean> reachability, ChannelsWebSocketHandler handler, Duration grace) {
		this.reachability = reachability;
		this.handler = handler;
		this.grace = grace;
	}

	@Override
	public void start() {
		this.watch = this.reachability.distinctUntilChanged()
			.switchMap((reachable) -> reachable ? Mono.empty() : Mono.delay(this.grace).then(closeAll()))
			.subscribe(null, (ex) -> logger.error("Stopped watching Redis for outages", ex));
	}

	private Mono<Void> closeAll() {
		return Mono.defer(() -> {
			if (this.handler.openConnections() == 0) {
				return Mono.empty();
			}
			logger.warn("Redis unreachable for more than {}: closing {} WebSocket(s) with 1012 so that clients "
					+ "reconnect", this.grace, this.handler.openConnections());
			return this.handler.closeAll(CloseStatus.SERVICE_RESTARTED);
		});
	}

	@Override
	public void stop() {
		Disposable watch = this.watch;
		if (watch != null) {
			watch.dispose();
			this.watch = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.watch != null;
	}

}
