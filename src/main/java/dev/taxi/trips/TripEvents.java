package dev.taxi.trips;

import java.util.List;

import dev.taxi.auth.PhotoLink;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The one publisher of trip events: {@link TripService} hands it every change once stored, and
 * it tells the groups, whatever transport the change came by.
 */
@Component
class TripEvents {

	private final TripGroups groups;

	/** Looked up on first use: listeners may need the {@link TripService} that needs this. */
	private final ObjectProvider<TripChangeListener> listenerBeans;

	private volatile @Nullable List<TripChangeListener> listeners;

	TripEvents(TripGroups groups, ObjectProvider<TripChangeListener> listeners) {
		this.groups = groups;
		this.listenerBeans = listeners;
	}

	Mono<Void> publish(TripChange change) {
		listeners().forEach((listener) -> listener.changed(change));
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

	private List<TripChangeListener> listeners() {
		List<TripChangeListener> listeners = this.listeners;
		if (listeners == null) {
			listeners = this.listenerBeans.orderedStream().toList();
			this.listeners = listeners;
		}
		return listeners;
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
