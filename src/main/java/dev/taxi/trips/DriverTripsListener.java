package dev.taxi.trips;

/**
 * Told, on every instance, when the trips a driver has on its way ({@code STARTED},
 * {@code IN_PROGRESS}) changed: accepted, completed, cancelled or given back, whichever instance
 * did it. Called from the channel layer's threads; must not block.
 */
@FunctionalInterface
public interface DriverTripsListener {

	void driverTripsChanged(long driverId);

	/**
	 * Told after a gap in what this instance heard from the others (Redis was away): any driver's
	 * trips may have changed unheard.
	 */
	default void anyDriverTripsMayHaveChanged() {
	}

}
