package dev.taxi.trips;

import dev.taxi.auth.PhotoLink;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The one publisher of trip events: {@link TripService} hands it every change once stored, and
 * it tells the groups, whatever transport the change came by.
 */
@Component
class TripEvents {

	private final TripGroups groups;

	private final DriverTripsFeed driverTrips;

	TripEvents(TripGroups groups, DriverTripsFeed driverTrips) {
		this.groups = groups;
		this.driverTrips = driverTrips;
	}

	/**
	 * Tells everyone concerned. Instances hear first that drivers' trips changed, so that a
	 * driver who hears of the change and reports a position at once is not relayed to a trip
	 * that no longer has it on its way.
	 */
	Mono<Void> publish(TripChange change) {
		return this.driverTrips.publish(change).then(publishToGroups(change));
	}

	private Mono<Void> publishToGroups(TripChange change) {
		Trip trip = change.after();
		return switch (change.kind()) {
			case REQUESTED -> toDrivers(TripEvent.Kind.REQUESTED, trip);
			case ACCEPTED -> toTrip(TripEvent.Kind.UPDATED, trip).then(toDrivers(TripEvent.Kind.TAKEN, trip));
			case ADVANCED -> toTrip(TripEvent.Kind.UPDATED, trip);
			case CANCELED -> toTrip(TripEvent.Kind.CANCELED, trip).then((change.before().status() == TripStatus.REQUESTED)
					? toDrivers(TripEvent.Kind.CANCELED, trip) : Mono.empty());
			// Its driver is gone from the trip: the rider alone hears of it there, drivers hear of a trip to take.
			case GIVEN_BACK -> toTrip(TripEvent.Kind.UPDATED, trip).then(toDrivers(TripEvent.Kind.REQUESTED, trip));
		};
	}

	private Mono<Void> toTrip(TripEvent.Kind kind, Trip trip) {
		return this.groups.toParticipants(trip, event(kind, trip));
	}

	private Mono<Void> toDrivers(TripEvent.Kind kind, Trip trip) {
		return this.groups.toDrivers(event(kind, trip));
	}

	/** WebSocket events name photos by path, as tokens do. */
	static TripEvent event(TripEvent.Kind kind, Trip trip) {
		return new TripEvent(kind, TripView.of(trip, PhotoLink.PATH));
	}

}
