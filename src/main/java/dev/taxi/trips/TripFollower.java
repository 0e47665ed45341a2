package dev.taxi.trips;

import reactor.core.publisher.Mono;

/**
 * Whoever asked for a trip change and follows the trip from then on, told of the trip as the
 * change left it before anyone hears of the change, so that it hears of it once, with the others.
 * A WebSocket connection joins or leaves the trip's group; a REST call follows nothing.
 */
@FunctionalInterface
public interface TripFollower {

	TripFollower NONE = (trip) -> Mono.empty();

	Mono<Void> follow(Trip trip);

}
