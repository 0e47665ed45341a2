package dev.taxi.location;

import java.time.Instant;
import java.util.UUID;

import dev.taxi.channels.socket.TypedEvent;
import org.jspecify.annotations.Nullable;

/** {@code driver.location} to the rider of a trip on its way; v1 does not show it. */
record DriverLocation(Data data) implements TypedEvent {

	static DriverLocation of(UUID tripId, long driverId, Position position) {
		return new DriverLocation(new Data(tripId, driverId, position.lat(), position.lng(), position.heading(),
				position.speed(), position.at()));
	}

	@Override
	public String type() {
		return "driver.location";
	}

	record Data(UUID tripId, long driverId, double lat, double lng, @Nullable Double heading, @Nullable Double speed,
			Instant at) {
	}

}
