package dev.taxi.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Matches each {@code driver.location} a rider reads to the update its driver sent: when each
 * update of each driver went out (its sequence number travels in {@code speed}), which arrived,
 * and the latencies of those of the measured period. Riders' frames are read on their event
 * loops; each rider's on one thread, so its flags need no locks.
 */
final class LocationTracker {

	private static final int SAMPLES_KEPT = 3;

	private final List<RideFixtures.Ride> rides;

	private final int perDriver;

	private final int measuredFrom;

	private final AtomicLongArray sentAt;

	private final byte[] arrived;

	private final Recorder latencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);

	/** When each driver asked for its trip's next status, and the latencies to its rider hearing it. */
	private final AtomicLongArray advancedAt;

	private final Recorder advanceLatencies = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);

	/** Latencies by the second of the run an update was sent in. */
	private final Recorder[] bySecond;

	private volatile long start;

	private final LongAdder received = new LongAdder();

	private final LongAdder duplicates = new LongAdder();

	private final LongAdder unmatched = new LongAdder();

	private final LongAdder misrouted = new LongAdder();

	/** Frames that are no {@code driver.location} of one's own driver, by who got them and their type, and a few of them. */
	private final Map<String, LongAdder> unexpected = new ConcurrentHashMap<>();

	private final Map<String, String> samples = new ConcurrentHashMap<>();

	/**
	 * @param perDriver updates each driver sends in all
	 * @param measuredFrom the first sequence number of the measured period
	 * @param seconds how long the run sends, warm-up included
	 */
	LocationTracker(List<RideFixtures.Ride> rides, int perDriver, int measuredFrom, int seconds) {
		this.rides = rides;
		this.perDriver = perDriver;
		this.measuredFrom = measuredFrom;
		this.sentAt = new AtomicLongArray(rides.size() * perDriver);
		this.arrived = new byte[rides.size() * perDriver];
		this.advancedAt = new AtomicLongArray(rides.size());
		this.bySecond = new Recorder[seconds];
		for (int i = 0; i < seconds; i++) {
			this.bySecond[i] = new Recorder(TimeUnit.SECONDS.toNanos(60), 2);
		}
	}

	/** When the first update is sent. */
	void started(long nanos) {
		this.start = nanos;
	}

	void sending(int driver, int sequence, long nanos) {
		this.sentAt.set(driver * this.perDriver + sequence, nanos);
	}

	/** When driver {@code index} sent its trip's move to {@code IN_PROGRESS}. */
	void advancing(int index, long nanos) {
		this.advancedAt.set(index, nanos);
	}

	/** What rider {@code index} does with a frame. */
	Consumer<String> riderListener(int index) {
		long driverId = this.rides.get(index).driverId();
		return (frame) -> {
			long now = System.nanoTime();
			if (frame.contains("\"type\":\"trip.updated\"") && frame.contains("\"status\":\"IN_PROGRESS\"")
					&& this.advancedAt.get(index) != 0) {
				this.advanceLatencies.recordValue(Math.max(0, now - this.advancedAt.getAndSet(index, 0)));
				return;
			}
			if (!frame.startsWith("{\"type\":\"driver.location\"") && !frame.contains("\"type\":\"driver.location\"")) {
				unexpected("rider", frame);
				return;
			}
			if (number(frame, "\"driver_id\":") != driverId) {
				this.misrouted.increment();
				return;
			}
			long sequence = number(frame, "\"speed\":");
			if (sequence < 0 || sequence >= this.perDriver) {
				this.unmatched.increment();
				return;
			}
			int slot = index * this.perDriver + (int) sequence;
			long sent = this.sentAt.get(slot);
			if (sent == 0) {
				this.unmatched.increment();
				return;
			}
			if (this.arrived[slot] != 0) {
				this.duplicates.increment();
				return;
			}
			this.arrived[slot] = 1;
			if (sequence >= this.measuredFrom) {
				long latency = Math.max(0, now - sent);
				this.latencies.recordValue(latency);
				int second = (int) ((sent - this.start) / 1_000_000_000L);
				if (second >= 0 && second < this.bySecond.length) {
					this.bySecond[second].recordValue(latency);
				}
				this.received.increment();
			}
		};
	}

	/** A driver hears nothing of its own updates, only of its trip's changes: anything else it gets is counted. */
	void driverFrame(String frame) {
		if (!frame.contains("\"type\":\"trip.updated\"")) {
			unexpected("driver", frame);
		}
	}

	private void unexpected(String who, String frame) {
		int at = frame.indexOf("\"type\":\"");
		String type = (at < 0) ? "?" : frame.substring(at + 8, Math.max(at + 8, frame.indexOf('"', at + 8)));
		String key = who + ":" + type;
		this.unexpected.computeIfAbsent(key, (k) -> new LongAdder()).increment();
		if (this.samples.size() < SAMPLES_KEPT) {
			this.samples.putIfAbsent(key, frame);
		}
	}

	/** The number after {@code key}, rounded to a whole; -1 if there is none (null, absent). */
	private static long number(String frame, String key) {
		int at = frame.indexOf(key);
		if (at < 0) {
			return -1;
		}
		int from = at + key.length();
		int to = from;
		while (to < frame.length() && "0123456789.-+eE".indexOf(frame.charAt(to)) >= 0) {
			to++;
		}
		if (to == from) {
			return -1;
		}
		try {
			return Math.round(Double.parseDouble(frame.substring(from, to)));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	void awaitDeliveries(long expected, Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (this.received.sum() < expected && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

	long received() {
		return this.received.sum();
	}

	long duplicates() {
		return this.duplicates.sum();
	}

	long unmatched() {
		return this.unmatched.sum();
	}

	long misrouted() {
		return this.misrouted.sum();
	}

	/** The p99 latency, in milliseconds, of the updates sent in each second of the measured period. */
	List<Double> p99BySecond(int fromSecond) {
		List<Double> p99 = new java.util.ArrayList<>();
		for (int i = fromSecond; i < this.bySecond.length; i++) {
			p99.add(Math.round(this.bySecond[i].getIntervalHistogram().getValueAtPercentile(99) / 1e5) / 10.0);
		}
		return p99;
	}

	Histogram latencies() {
		return this.latencies.getIntervalHistogram();
	}

	/** From each driver's {@code update.trip} to its rider hearing the trip {@code IN_PROGRESS}. */
	Histogram advanceLatencies() {
		return this.advanceLatencies.getIntervalHistogram();
	}

	/** Unexpected frames, by receiver and type. */
	Map<String, Long> unexpected() {
		Map<String, Long> counts = new TreeMap<>();
		this.unexpected.forEach((key, count) -> counts.put(key, count.sum()));
		return counts;
	}

	/** A few of the unexpected frames, in full. */
	List<String> unexpectedSamples() {
		return List.copyOf(this.samples.values());
	}

}
