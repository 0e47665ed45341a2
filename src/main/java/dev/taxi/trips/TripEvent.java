package dev.taxi.trips;

/**
 * Something that happened to a trip, in the words handlers and groups speak; each protocol
 * version decides how (and whether) to show it.
 */
public record TripEvent(Kind kind, TripView trip) {

	public enum Kind {

		/** To the rider who requested it. */
		CREATED,
		/** To all drivers: a trip to take. */
		REQUESTED,
		/** To the trip's group: its status or driver changed. */
		UPDATED,
		/** To all drivers: someone accepted it, it is no longer to take. */
		TAKEN,
		/** To the sender of a refused action: the trip as it is now. */
		CURRENT

	}

}
