package dev.taxi.location;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.taxi.trips.Trip;
import dev.taxi.trips.DriverTripsListener;
import dev.taxi.trips.TripService;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The trips each driver drives that are on their way, read once and kept for a short while: a
 * driver reports its position several times a second, and reading the database each time would
 * cost more than relaying it. A change of a driver's trips, made on any instance, drops what was
 * kept of that driver before the driver hears of it, and a gap in what this instance heard of the
 * others drops everything; entries also expire, as a second line of defence.
 */
@Component
class ActiveTrips implements DriverTripsListener {

	private static final int PRUNE_ABOVE = 10_000;

	/** A read kept in an entry lives as long as the entry. */
	private static final Duration FOREVER = Duration.ofDays(1);

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
		// Cached, so that updates arriving while the first read is on its way share it; a failed
		// read is not kept, the next update reads again. Expiries are spread over the second half
		// of the time to live, so that drivers who started together do not all read again at once.
		Mono<List<Trip>> read = this.trips.activeTripsDrivenBy(driverId)
			.collectList()
			.cache((trips) -> FOREVER, (ex) -> Duration.ZERO, () -> Duration.ZERO);
		long ttl = this.ttl.toNanos();
		return new Entry(read, now + ttl / 2 + ThreadLocalRandom.current().nextLong(ttl / 2 + 1));
	}

	@Override
	public void driverTripsChanged(long driverId) {
		this.entries.remove(driverId);
	}

	@Override
	public void anyDriverTripsMayHaveChanged() {
		this.entries.clear();
	}

	private record Entry(Mono<List<Trip>> trips, long expiresAt) {

		boolean isFresh(long now) {
			return now - this.expiresAt < 0;
		}

	}

}
