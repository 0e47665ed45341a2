package dev.taxi.location;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taxi.trips.Trip;
import dev.taxi.trips.DriverTripsListener;
import dev.taxi.trips.TripService;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The trips each driver drives that are on their way, read once and kept for a short while: a
 * driver reports its position several times a second, and reading the database each time would
 * cost more than relaying it. A change of a driver's trips, made on any instance, drops what was
 * kept of that driver before the driver hears of it, and the next update reads again; a gap in
 * what this instance heard of the others drops everything. Besides, what was kept is read again
 * in the background once it is older than the time to live (while updates go on being relayed
 * with it), as a second line of defence should a change's notice be lost. An update waits for
 * the database only for a driver's first update and after a change.
 */
@Component
class ActiveTrips implements DriverTripsListener {

	private static final int PRUNE_ABOVE = 10_000;

	/** A read kept in an entry lives as long as the entry. */
	private static final Duration FOREVER = Duration.ofDays(1);

	private final TripService trips;

	private final long ttl;

	private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

	ActiveTrips(TripService trips, LocationProperties properties) {
		this.trips = trips;
		this.ttl = properties.activeTripsTtl().toNanos();
	}

	Mono<List<Trip>> drivenBy(long driverId) {
		long now = System.nanoTime();
		// A driver silent for twice the time to live is read again before the update is relayed.
		Entry entry = this.entries.compute(driverId,
				(id, current) -> (current != null && !current.isExpired(now, this.ttl)) ? current : load(id, now));
		if (entry.isDueForRefresh(now) && entry.claimRefresh()) {
			refresh(driverId, entry);
		}
		if (this.entries.size() > PRUNE_ABOVE) {
			this.entries.values().removeIf((stale) -> stale.isExpired(now, this.ttl));
		}
		return entry.trips();
	}

	/**
	 * Reads again in the background and keeps the new read only if the entry is still the one it
	 * replaces: a change's notice that came meanwhile dropped it, and the read may be older than
	 * that change.
	 */
	private void refresh(long driverId, Entry stale) {
		Entry fresh = load(driverId, System.nanoTime());
		fresh.trips().subscribe((trips) -> this.entries.replace(driverId, stale, fresh),
				(ex) -> stale.releaseRefresh());
	}

	private Entry load(long driverId, long now) {
		// Cached, so that updates arriving while the first read is on its way share it; a failed
		// read is not kept, the next update reads again. Refreshes are spread over the second half
		// of the time to live, so that drivers who started together do not all read again at once.
		Mono<List<Trip>> read = this.trips.activeTripsDrivenBy(driverId)
			.collectList()
			.cache((trips) -> FOREVER, (ex) -> Duration.ZERO, () -> Duration.ZERO);
		return new Entry(read, now, now + this.ttl / 2 + ThreadLocalRandom.current().nextLong(this.ttl / 2 + 1));
	}

	@Override
	public void driverTripsChanged(long driverId) {
		this.entries.remove(driverId);
	}

	@Override
	public void anyDriverTripsMayHaveChanged() {
		this.entries.clear();
	}

	private static final class Entry {

		private final Mono<List<Trip>> trips;

		private final long readAt;

		private final long refreshAt;

		private final AtomicBoolean refreshing = new AtomicBoolean();

		Entry(Mono<List<Trip>> trips, long readAt, long refreshAt) {
			this.trips = trips;
			this.readAt = readAt;
			this.refreshAt = refreshAt;
		}

		Mono<List<Trip>> trips() {
			return this.trips;
		}

		boolean isDueForRefresh(long now) {
			return now - this.refreshAt >= 0 && !this.refreshing.get();
		}

		boolean claimRefresh() {
			return this.refreshing.compareAndSet(false, true);
		}

		void releaseRefresh() {
			this.refreshing.set(false);
		}

		boolean isExpired(long now, long ttl) {
			return now - this.readAt >= 2 * ttl;
		}

	}

}
