package dev.taxi.location;

import java.time.Clock;
import java.util.UUID;

import dev.taxi.auth.User;
import dev.taxi.trips.Trip;
import dev.taxi.trips.TripGroups;
import dev.taxi.trips.TripRefusedException;
import dev.taxi.trips.TripService;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Live driver location: a driver's position goes to the rider of each trip the driver has on its
 * way, and is kept as the driver's last position, never as a history. Positions beyond the rate
 * limit are dropped: the next one supersedes them.
 */
@Service
public class LocationRelay {

	private final ActiveTrips activeTrips;

	private final TripService trips;

	private final LastPositions lastPositions;

	private final TripGroups groups;

	private final UpdateRateLimits rateLimits;

	private final Clock clock;

	LocationRelay(ActiveTrips activeTrips, TripService trips, LastPositions lastPositions, TripGroups groups,
			LocationProperties properties, Clock clock) {
		this.activeTrips = activeTrips;
		this.trips = trips;
		this.lastPositions = lastPositions;
		this.groups = groups;
		this.rateLimits = new UpdateRateLimits(properties.maxPerSecond());
		this.clock = clock;
	}

	public Mono<Void> update(User driver, double lat, double lng, @Nullable Double heading, @Nullable Double speed) {
		if (!driver.isDriver()) {
			return Mono.error(new TripRefusedException(TripRefusedException.Reason.FORBIDDEN,
					"Only drivers report their location", null));
		}
		if (!this.rateLimits.tryAcquire(driver.id(), System.nanoTime())) {
			return Mono.empty();
		}
		Position position = new Position(lat, lng, heading, speed, this.clock.instant());
		Mono<Void> relay = this.activeTrips.drivenBy(driver.id())
			.flatMapMany(Flux::fromIterable)
			.concatMap((trip) -> this.groups.toRider(trip, DriverLocation.of(trip.id(), driver.id(), position)))
			.then();
		// Kept while it is relayed: a rider waits for neither.
		return Mono.when(relay, this.lastPositions.put(driver.id(), position).onErrorResume((ex) -> Mono.empty()));
	}

	/** The last position of the driver of each of a rider's trips on its way, as events for that rider. */
	Flux<DriverLocation> lastPositionsForRider(User rider) {
		return this.trips.activeTripsRiddenBy(rider.id()).concatMap(this::lastPosition);
	}

	/** The last position of the trip's driver, if the trip is on its way and the user rides it. */
	Mono<DriverLocation> lastPositionForRider(User rider, UUID tripId) {
		return this.trips.findVisible(rider, tripId)
			.filter((trip) -> trip.isRiddenBy(rider) && trip.status().isUnderway())
			.flatMap(this::lastPosition);
	}

	private Mono<DriverLocation> lastPosition(Trip trip) {
		User driver = trip.driver();
		if (driver == null) {
			return Mono.empty();
		}
		return this.lastPositions.get(driver.id())
			.map((position) -> DriverLocation.of(trip.id(), driver.id(), position))
			.onErrorResume((ex) -> Mono.empty());
	}

}
