package dev.taxi.trips;

import java.util.Locale;

import dev.taxi.channels.socket.TypedEvent;

/**
 * Something that happened to a trip, in the words handlers and groups speak; each protocol
 * version decides how (and whether) to show it. v2 shows it as {@code trip.<kind>}.
 */
public record TripEvent(Kind kind, TripView trip) implements TypedEvent {

	public enum Kind {

		/** To the rider who requested it. */
		CREATED,
		/** To all drivers: a trip to take (new, or given back by its driver). */
		REQUESTED,
		/** To the trip's group: its status or driver changed. */
		UPDATED,
		/** To all drivers: someone accepted it, it is no longer to take. */
		TAKEN,
		/** To the trip's group, and to all drivers if it was still to take: it will not happen. */
		CANCELED,
		/** To the sender of a refused action: the trip as it is now. */
		CURRENT

	}

	@Override
	public String type() {
		return "trip." + ((this.kind == Kind.CURRENT) ? "updated" : this.kind.name().toLowerCase(Locale.ROOT));
	}

	@Override
	public TripView data() {
		return this.trip;
	}

}
