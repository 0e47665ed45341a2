package dev.taxi.location;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.taxi.auth.User;
import dev.taxi.trips.Trip;
import dev.taxi.trips.TripChange;
import dev.taxi.trips.TripChangeListener;
import dev.taxi.trips.TripService;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The trips each driver drives that are on their way, read once and kept for a short while: a
 * driver reports its position several times a second, and reading the database each time would
 * cost more than relaying it. A change made on this instance drops what was kept of its driver
 * at once; one made on another instance is seen when the entry expires.
 */
@Component
class ActiveTrips implements TripChangeListener {

	private static final int PRUNE_ABOVE = 10_000;

	private final TripService trips;

	private final Duration ttl;

	private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

	ActiveTrips(TripService trips, LocationProperties properties) {
		this.trips = trips;
		this.ttl = properties.activeTripsTtl();
	}

	Mono<List<Trip>> drivenBy(long driverId) {
		long now = System.nanoTime();
		Entry entry = this.entries.compute(driverId,
				(id, current) -> (current != null && current.isFresh(now)) ? current : load(id, now));
		if (this.entries.size() > PRUNE_ABOVE) {
			this.entries.values().removeIf((stale) -> !stale.isFresh(now));
		}
		return entry.trips();
	}

	private Entry load(long driverId, long now) {
		// Cached, so that updates arriving while the first read is on its way share it.
		return new Entry(this.trips.activeTripsDrivenBy(driverId).collectList().cache(), now + this.ttl.toNanos());
	}

	@Override
	public void changed(TripChange change) {
		forget(change.before().driver());
		forget(change.after().driver());
	}

	private void forget(User driver) {
		if (driver != null) {
			this.entries.remove(driver.id());
		}
	}

	private record Entry(Mono<List<Trip>> trips, long expiresAt) {

		boolean isFresh(long now) {
			return now - this.expiresAt < 0;
		}

	}

}
