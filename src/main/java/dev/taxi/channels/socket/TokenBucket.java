package dev.taxi.channels.socket;

/**
 * A rate limit: up to {@code perSecond} acquisitions in any second, with bursts of the same size.
 * Not thread-safe: a connection uses one from its own inbound sequence only; share one across
 * threads only under a lock.
 */
public final class TokenBucket {

	private final double perNano;

	private final double capacity;

	private double tokens;

	private long last;

	public TokenBucket(int perSecond, long now) {
		this.capacity = perSecond;
		this.perNano = perSecond / 1_000_000_000d;
		this.tokens = perSecond;
		this.last = now;
	}

	public boolean tryAcquire(long now) {
		refill(now);
		if (this.tokens < 1) {
			return false;
		}
		this.tokens -= 1;
		return true;
	}

	/** Whether it has refilled completely: its owner has been quiet for a second at least. */
	public boolean isFull(long now) {
		refill(now);
		return this.tokens >= this.capacity;
	}

	private void refill(long now) {
		this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perNano);
		this.last = now;
	}

}
