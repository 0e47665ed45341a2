package dev.taxi.trips;

import java.time.Instant;
import java.util.UUID;

import dev.taxi.auth.PhotoLink;
import dev.taxi.auth.UserView;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The nested trip JSON of the protocol. */
@Schema(name = "Trip")
public record TripView(UUID id, Instant created, Instant updated, String pickUpAddress, String dropOffAddress,
		TripStatus status, @Nullable UserView driver, @Nullable UserView rider) {

	public static TripView of(Trip trip, PhotoLink photos) {
		return new TripView(trip.id(), trip.created(), trip.updated(), trip.pickUpAddress(), trip.dropOffAddress(),
				trip.status(), (trip.driver() != null) ? UserView.of(trip.driver(), photos) : null,
				UserView.of(trip.rider(), photos));
	}

}
