package dev.taxi.channels.redis;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Whether the channel layer's own link hears the other instances: its subscriber connection is
 * up and its subscriptions are confirmed. Another connection answering {@code PING} says nothing
 * of that, so this is what the readiness group asks: an instance cut off from the others takes no
 * new clients.
 */
final class RedisChannelsHealthIndicator implements ReactiveHealthIndicator {

	private final RedisLink link;

	RedisChannelsHealthIndicator(RedisLink link) {
		this.link = link;
	}

	@Override
	public Mono<Health> health() {
		return Mono.fromSupplier(() -> {
			boolean reachable = this.link.isReachable();
			Health.Builder health = reachable ? Health.up() : Health.down();
			health.withDetail("instance", this.link.instanceId()).withDetail("reconnects", this.link.reconnects());
			if (!reachable) {
				health.withDetail("unreachableSince", this.link.unreachableSince().toString());
			}
			return health.build();
		});
	}

}
