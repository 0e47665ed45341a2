package dev.taxi.location;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many positions each driver may report per second on this instance: a token bucket per
 * driver, without bursts beyond one second's worth.
 */
final class UpdateRateLimits {

	private static final int PRUNE_ABOVE = 10_000;

	private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

	private final int perSecond;

	UpdateRateLimits(int perSecond) {
		this.perSecond = perSecond;
	}

	boolean tryAcquire(long driverId, long now) {
		if (this.buckets.size() > PRUNE_ABOVE) {
			this.buckets.values().removeIf((bucket) -> bucket.isFull(now));
		}
		Bucket bucket = this.buckets.computeIfAbsent(driverId, (id) -> new Bucket(this.perSecond, now));
		return bucket.tryAcquire(now);
	}

	private static final class Bucket {

		private final double capacity;

		private final double perNano;

		private double tokens;

		private long last;

		Bucket(int perSecond, long now) {
			this.capacity = perSecond;
			this.perNano = perSecond / 1_000_000_000d;
			this.tokens = perSecond;
			this.last = now;
		}

		synchronized boolean tryAcquire(long now) {
			refill(now);
			if (this.tokens < 1) {
				return false;
			}
			this.tokens -= 1;
			return true;
		}

		synchronized boolean isFull(long now) {
			refill(now);
			return this.tokens >= this.capacity;
		}

		private void refill(long now) {
			this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perNano);
			this.last = now;
		}

	}

}
