package dev.taxi.location;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/** Last positions on one instance: a map, whose expired entries are dropped as it grows. */
final class InMemoryLastPositions implements LastPositions {

	private static final int PRUNE_ABOVE = 10_000;

	private final Map<Long, Position> positions = new ConcurrentHashMap<>();

	private final Duration ttl;

	private final Clock clock;

	InMemoryLastPositions(Duration ttl, Clock clock) {
		this.ttl = ttl;
		this.clock = clock;
	}

	@Override
	public Mono<Void> put(long driverId, Position position) {
		return Mono.fromRunnable(() -> {
			if (this.positions.put(driverId, position) == null && this.positions.size() > PRUNE_ABOVE) {
				this.positions.values().removeIf(this::expired);
			}
		});
	}

	@Override
	public Mono<Position> get(long driverId) {
		return Mono.fromSupplier(() -> this.positions.get(driverId)).filter((position) -> !expired(position));
	}

	private boolean expired(Position position) {
		return position.at().plus(this.ttl).isBefore(this.clock.instant());
	}

}
