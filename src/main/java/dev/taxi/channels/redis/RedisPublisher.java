package dev.taxi.channels.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the layer's messages to Redis in batches of one command: a message waits only while
 * the batch before it is on its way, and goes with everything that came meanwhile. One command per
 * message cost the publishing instance more than the rest of relaying it (under live location,
 * thousands a second), and made whatever followed each publication run on the Redis connection's
 * single thread, where its answer arrives. With one batch on its way at a time, messages reach Redis
 * in the order they were handed over.
 *
 * <p>Handing a message over never waits for Redis. What Redis cannot take (it is away, or the
 * messages waiting for it reached {@link #MAX_WAITING}) is counted as a failed publication and
 * becomes a gap for the other instances, like a batch that Redis refused.
 */
final class RedisPublisher {

	private static final Logger logger = LoggerFactory.getLogger(RedisPublisher.class);

	/** Messages per command: large enough to keep up, small enough not to hold Redis up. */
	static final int MAX_BATCH = 256;

	/** Messages waiting for Redis at most, some seconds of the heaviest traffic. */
	static final int MAX_WAITING = 50_000;

	private final RedisLink link;

	private final RedisChannelsMetrics metrics;

	private final RedisGaps gaps;

	private final Queue<Publication> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicInteger waitingCount = new AtomicInteger();

	private final AtomicBoolean sending = new AtomicBoolean();

	private final AtomicBoolean refusing = new AtomicBoolean();

	RedisPublisher(RedisLink link, RedisChannelsMetrics metrics, RedisGaps gaps) {
		this.link = link;
		this.metrics = metrics;
		this.gaps = gaps;
	}

	/** Hands a message over to go to Redis with the next batch. */
	void publish(String redisChannel, RedisEnvelope.Kind kind, byte[] payload) {
		if (this.waitingCount.incrementAndGet() > MAX_WAITING) {
			this.waitingCount.decrementAndGet();
			refused(redisChannel);
			return;
		}
		this.waiting.add(new Publication(redisChannel, redisChannel.getBytes(StandardCharsets.UTF_8), kind, payload,
				System.nanoTime()));
		sendBatch();
	}

	/** Sends what waits, unless a batch is on its way: its end sends the next. */
	private void sendBatch() {
		while (!this.waiting.isEmpty() && this.sending.compareAndSet(false, true)) {
			List<Publication> batch = new ArrayList<>(Math.min(MAX_BATCH, this.waitingCount.get()));
			Publication next;
			while (batch.size() < MAX_BATCH && (next = this.waiting.poll()) != null) {
				batch.add(next);
			}
			if (batch.isEmpty()) {
				this.sending.set(false);
				continue;
			}
			this.waitingCount.addAndGet(-batch.size());
			this.link.publishAll(channelsAndPayloads(batch))
				.doFinally((signal) -> {
					this.sending.set(false);
					sendBatch();
				})
				.subscribe((published) -> {
					this.refusing.set(false);
					this.metrics.published(batch);
				}, (ex) -> failed(batch, ex));
			return;
		}
	}

	private static byte[][] channelsAndPayloads(List<Publication> batch) {
		byte[][] arguments = new byte[batch.size() * 2][];
		for (int i = 0; i < batch.size(); i++) {
			Publication publication = batch.get(i);
			arguments[2 * i] = publication.redisChannelBytes();
			arguments[2 * i + 1] = publication.payload();
		}
		return arguments;
	}

	/** Told once per stretch of refusals: at the rate they come, one line each would flood the log. */
	private void refused(String redisChannel) {
		this.metrics.publishFailed(1);
		this.gaps.publishFailed();
		if (this.refusing.compareAndSet(false, true)) {
			logger.warn("{} messages wait for Redis already; until it answers, only this instance's members get "
					+ "new ones (the first for {})", MAX_WAITING, redisChannel);
		}
	}

	private void failed(List<Publication> batch, Throwable ex) {
		this.metrics.publishFailed(batch.size());
		this.gaps.publishFailed();
		String first = batch.get(0).redisChannel();
		if (this.link.isReachable()) {
			logger.warn("Could not publish {} message(s) to Redis, the first to {}; only this instance's members "
					+ "got them", batch.size(), first, ex);
		}
		else {
			logger.debug("Redis is unreachable; only this instance's members got {} message(s), the first for {}",
					batch.size(), first);
		}
	}

	/**
	 * A message waiting for Redis, and since when (for the publish latency). Its channel's bytes are
	 * made by the sender's thread, not by the Redis connection's single one, which sends most batches.
	 */
	record Publication(String redisChannel, byte[] redisChannelBytes, RedisEnvelope.Kind kind, byte[] payload,
			long handedOverNanos) {
	}

}
