package dev.taxi.trips;

import java.util.Set;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.socket.WireProtocols;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Who hears what of a trip: all drivers (group {@code drivers}) hear of trips to take; a trip's
 * group hears of the trip, but only its rider and its driver receive it, whoever else once joined
 * the group (a driver who followed an open request may not see it once another took it). Every
 * event is rendered once for every protocol version.
 */
@Component
public class TripGroups {

	static final String DRIVERS = "drivers";

	private final ChannelLayer layer;

	private final WireProtocols protocols;

	TripGroups(ChannelLayer layer, WireProtocols protocols) {
		this.layer = layer;
		this.protocols = protocols;
	}

	/** To every member of the trip's group who takes part in it. */
	public Mono<Void> toParticipants(Trip trip, Object event) {
		return this.layer.groupSend(trip.group(), this.protocols.encode(event).onlyFor(trip.participants()));
	}

	/** To every member of the trip's group who rides it. */
	public Mono<Void> toRider(Trip trip, Object event) {
		return this.layer.groupSend(trip.group(), this.protocols.encode(event).onlyFor(Set.of(trip.rider().username())));
	}

	Mono<Void> toDrivers(Object event) {
		return this.layer.groupSend(DRIVERS, this.protocols.encode(event));
	}

	/** Like {@link #toParticipants}, to this instance's members alone. */
	Mono<Void> toLocalParticipants(Trip trip, Object event) {
		return this.layer.groupSendLocal(trip.group(), this.protocols.encode(event).onlyFor(trip.participants()));
	}

	/** Like {@link #toDrivers}, to this instance's drivers alone. */
	Mono<Void> toLocalDrivers(Object event) {
		return this.layer.groupSendLocal(DRIVERS, this.protocols.encode(event));
	}

}
