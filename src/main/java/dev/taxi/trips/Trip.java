package dev.taxi.trips;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.taxi.auth.User;
import org.jspecify.annotations.Nullable;

/** A trip with its rider and, once accepted, its driver. */
public record Trip(UUID id, Instant created, Instant updated, String pickUpAddress, String dropOffAddress,
		TripStatus status, User rider, @Nullable User driver) {

	public boolean isDrivenBy(User user) {
		return this.driver != null && this.driver.id() == user.id();
	}

	public boolean isRiddenBy(User user) {
		return this.rider.id() == user.id();
	}

	/** Whether the user rides or drives this trip. */
	public boolean hasParticipant(User user) {
		return isRiddenBy(user) || isDrivenBy(user);
	}

	/** The principal names of its rider and, once it has one, its driver. */
	public Set<String> participants() {
		return (this.driver != null) ? Set.of(this.rider.username(), this.driver.username()) : Set.of(this.rider.username());
	}

	/** The REST rules: riders see the trips they ride; drivers see open requests and the trips they drive. */
	public boolean isVisibleTo(User user) {
		if (user.isDriver()) {
			return this.status == TripStatus.REQUESTED || isDrivenBy(user);
		}
		return isRiddenBy(user);
	}

	/** This trip as a change leaves it: its new status and driver, updated at {@code now}. */
	Trip changed(TripStatus status, @Nullable User driver, Instant now) {
		return new Trip(this.id, this.created, now, this.pickUpAddress, this.dropOffAddress, status, this.rider, driver);
	}

	/** The name clients follow a trip by: {@code subscribe {"model": "trip", "id"}}. */
	public static final String MODEL = "trip";

	/** The trip id a text names, or {@code null} if it is not a UUID (and so names no trip). */
	public static @Nullable UUID parseId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** The name of the channel-layer group of everyone following this trip. */
	public String group() {
		return this.id.toString();
	}

}
