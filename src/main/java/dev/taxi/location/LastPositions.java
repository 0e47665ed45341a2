package dev.taxi.location;

import reactor.core.publisher.Mono;

/** Each driver's last position, not a history: kept so that a rider who connects later sees the car at once. */
interface LastPositions {

	Mono<Void> put(long driverId, Position position);

	/** The driver's last position, or empty if none is known (or it expired). */
	Mono<Position> get(long driverId);

}
