package dev.taxi.channels.socket;



/**
 * A token bucket per connection: up to {@code perSecond} messages in any second, with bursts of
 * the same size. Used from the connection's own inbound sequence only, so it needs no locking.
 */
final class MessageRateLimit {

	private final double perNano;

	private final double capacity;

	private double tokens;

	private long last;

	MessageRateLimit(int perSecond, long now) {
		this.capacity = perSecond;
		this.perNano = perSecond / 1_000_000_000d;
		this.tokens = perSecond;
		this.last = now;
	}

	boolean tryAcquire(long now) {
		this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perNano);
		this.last = now;
		if (this.tokens < 1) {
			return false;
		}
		this.tokens -= 1;
		return true;
	}

}
