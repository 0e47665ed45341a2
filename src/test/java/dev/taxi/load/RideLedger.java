package dev.taxi.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What all virtual users of a run share: who is ready, who is done, which driver won which trip,
 * and the latencies that no single user's request and answer can time (a trip reaching the
 * drivers, a location reaching the rider), measured from the server's own timestamps in the frames.
 * Gatling's report holds the per-user steps; {@link #summary()} prints these next to it.
 */
final class RideLedger {

	private final int drivers;

	private final int riders;

	private final AtomicInteger driversReady = new AtomicInteger();

	private final AtomicInteger ridersDone = new AtomicInteger();

	private final Map<String, AtomicInteger> winners = new ConcurrentHashMap<>();

	private final AtomicLong refusals = new AtomicLong();

	private final AtomicLong locationsSent = new AtomicLong();

	private final AtomicLong locationsHeard = new AtomicLong();

	private final ConcurrentLinkedQueue<Long> dispatchLags = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Long> relayLags = new ConcurrentLinkedQueue<>();

	RideLedger(int drivers, int riders) {
		this.drivers = drivers;
		this.riders = riders;
	}

	void driverReady() {
		this.driversReady.incrementAndGet();
	}

	boolean driversReady() {
		return this.driversReady.get() >= this.drivers;
	}

	void riderDone() {
		this.ridersDone.incrementAndGet();
	}

	boolean ridesOver() {
		return this.ridersDone.get() >= this.riders;
	}

	void won(String tripId) {
		this.winners.computeIfAbsent(tripId, (id) -> new AtomicInteger()).incrementAndGet();
	}

	/** How many drivers were told they won this trip: exactly one, or the race is broken. */
	int winnersOf(String tripId) {
		AtomicInteger won = this.winners.get(tripId);
		return (won != null) ? won.get() : 0;
	}

	void refused() {
		this.refusals.incrementAndGet();
	}

	void locationSent() {
		this.locationsSent.incrementAndGet();
	}

	void dispatched(long lagMillis) {
		this.dispatchLags.add(lagMillis);
	}

	void relayed(long lagMillis) {
		this.locationsHeard.incrementAndGet();
		this.relayLags.add(lagMillis);
	}

	String summary() {
		return """
				rides: %d trips won by exactly one driver each (%d with more than one winner), %d accepts refused as conflict
				dispatch (trip created at the server -> a driver reads trip.requested), %d deliveries: %s
				location relay (update.location read by the server -> the rider reads driver.location), %d of %d sent: %s"""
			.formatted(this.winners.values().stream().filter((won) -> won.get() == 1).count(),
					this.winners.values().stream().filter((won) -> won.get() > 1).count(), this.refusals.get(),
					this.dispatchLags.size(), percentiles(this.dispatchLags), this.locationsHeard.get(),
					this.locationsSent.get(), percentiles(this.relayLags));
	}

	private static String percentiles(ConcurrentLinkedQueue<Long> lags) {
		List<Long> sorted = new ArrayList<>(lags);
		if (sorted.isEmpty()) {
			return "none";
		}
		Collections.sort(sorted);
		return "p50 %d ms, p99 %d ms, max %d ms".formatted(at(sorted, 0.50), at(sorted, 0.99), sorted.get(sorted.size() - 1));
	}

	private static long at(List<Long> sorted, double quantile) {
		return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1));
	}

}
