package dev.taxi.location;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.taxi.channels.socket.TokenBucket;

/**
 * How many positions each driver may report per second on this instance: a token bucket per
 * driver (a driver's sockets may send from several threads, hence the lock on each bucket).
 */
final class UpdateRateLimits {

	private static final int PRUNE_ABOVE = 10_000;

	private final Map<Long, TokenBucket> buckets = new ConcurrentHashMap<>();

	private final int perSecond;

	UpdateRateLimits(int perSecond) {
		this.perSecond = perSecond;
	}

	boolean tryAcquire(long driverId, long now) {
		if (this.buckets.size() > PRUNE_ABOVE) {
			this.buckets.values().removeIf((bucket) -> isFull(bucket, now));
		}
		TokenBucket bucket = this.buckets.computeIfAbsent(driverId, (id) -> new TokenBucket(this.perSecond, now));
		synchronized (bucket) {
			return bucket.tryAcquire(now);
		}
	}

	private static boolean isFull(TokenBucket bucket, long now) {
		synchronized (bucket) {
			return bucket.isFull(now);
		}
	}

}
