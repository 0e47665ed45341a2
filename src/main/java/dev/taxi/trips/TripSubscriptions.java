package dev.taxi.trips;

import java.util.UUID;

import dev.taxi.channels.socket.Connection;
import dev.taxi.channels.socket.Refusal;
import dev.taxi.channels.socket.RefusalCode;
import dev.taxi.channels.socket.Subscribable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** {@code subscribe {"model": "trip", "id"}}: follow a trip one may see, by the rules of REST. */
@Component
class TripSubscriptions implements Subscribable {


	private final TripService trips;

	TripSubscriptions(TripService trips) {
		this.trips = trips;
	}

	@Override
	public String model() {
		return Trip.MODEL;
	}

	@Override
	public Mono<String> groupOf(Connection connection, String id) {
		UUID uuid = parse(id);
		return this.trips.findVisible(TripSocketHandlers.userOf(connection), uuid)
			.map(Trip::group)
			.switchIfEmpty(Mono.error(() -> new Refusal(RefusalCode.NOT_FOUND, "No such trip")));
	}

	private static UUID parse(String id) {
		UUID uuid = Trip.parseId(id);
		if (uuid == null) {
			throw new Refusal(RefusalCode.BAD_REQUEST, "'id' must be a trip's UUID");
		}
		return uuid;
	}

}
