package dev.taxi.trips;

/** Told on this instance of each trip change made here, once it is stored; must not block. */
@FunctionalInterface
public interface TripChangeListener {

	void changed(TripChange change);

}
