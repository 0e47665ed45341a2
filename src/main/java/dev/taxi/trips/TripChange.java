package dev.taxi.trips;

/**
 * A stored change of a trip, as it is published.
 * @param before the trip as the change found it
 * @param after the trip as the change left it
 */
public record TripChange(Kind kind, Trip before, Trip after) {

	public enum Kind {

		REQUESTED, ACCEPTED, ADVANCED, CANCELED, GIVEN_BACK

	}

}
