package dev.taxi.trips;

import org.jspecify.annotations.Nullable;

/**
 * Where a trip is in its life. Drivers move it forward one step at a time:
 * {@code REQUESTED → STARTED} (accepted) {@code → IN_PROGRESS} (rider on board) {@code → COMPLETED}.
 * The rider may cancel it before the pick-up ({@code CANCELED}); the driver may give a
 * {@code STARTED} trip back ({@code REQUESTED} again).
 */
public enum TripStatus {

	REQUESTED, STARTED, IN_PROGRESS, COMPLETED, CANCELED;

	/** The status a driver may move a trip to from this one, or {@code null} if none. */
	public @Nullable TripStatus next() {
		return switch (this) {
			case REQUESTED -> STARTED;
			case STARTED -> IN_PROGRESS;
			case IN_PROGRESS -> COMPLETED;
			case COMPLETED, CANCELED -> null;
		};
	}

	/** The status named so, or {@code null} if there is none. */
	public static @Nullable TripStatus parse(String name) {
		for (TripStatus status : values()) {
			if (status.name().equals(name)) {
				return status;
			}
		}
		return null;
	}

	/** Whether a driver is on the way with it: to the pick-up, or with the rider on board. */
	public boolean isUnderway() {
		return this == STARTED || this == IN_PROGRESS;
	}

	/** Whether its rider may still cancel it: until they are picked up. */
	public boolean isCancelable() {
		return this == REQUESTED || this == STARTED;
	}

	public boolean canBecome(TripStatus target) {
		return next() == target;
	}

	/** Whether the trip is over: its watchers need no more updates. */
	public boolean isFinished() {
		return this == COMPLETED || this == CANCELED;
	}

}
