package dev.taxi.trips;

import org.jspecify.annotations.Nullable;

/**
 * Where a trip is in its life. Drivers move it forward one step at a time:
 * {@code REQUESTED → STARTED} (accepted) {@code → IN_PROGRESS} (rider on board) {@code → COMPLETED}.
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

	public boolean canBecome(TripStatus target) {
		return next() == target;
	}

	/** Whether the trip is over: its watchers need no more updates. */
	public boolean isFinished() {
		return this == COMPLETED || this == CANCELED;
	}

}
