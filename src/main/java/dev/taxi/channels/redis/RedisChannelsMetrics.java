package dev.taxi.channels.redis;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.taxi.channels.LocalChannels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the Redis channel layer tells Micrometer, under {@code taxi.channels}: messages published
 * and received by this instance, publish latency and failures, dropped messages, its Redis
 * subscriptions and local groups, whether Redis is reachable and how often it came back.
 */
final class RedisChannelsMetrics {

	private final MeterRegistry meters;

	private final Counter publishedToGroups;

	private final Counter publishedToChannels;

	private final Counter receivedForGroups;

	private final Counter receivedForChannels;

	private final Counter publishFailures;

	private final Timer publishLatency;

	RedisChannelsMetrics(MeterRegistry meters, RedisLink link, RedisSubscriptions subscriptions, LocalChannels local) {
		this.meters = meters;
		this.publishedToGroups = meters.counter("taxi.channels.published", "kind", "group");
		this.publishedToChannels = meters.counter("taxi.channels.published", "kind", "channel");
		this.receivedForGroups = meters.counter("taxi.channels.received", "kind", "group");
		this.receivedForChannels = meters.counter("taxi.channels.received", "kind", "channel");
		this.publishFailures = Counter.builder("taxi.channels.publish.failures")
			.description("Publications Redis did not take; only local members got those messages")
			.register(meters);
		this.publishLatency = Timer.builder("taxi.channels.publish.latency")
			.description("From a message handed over for publishing to Redis's answer to its batch")
			.register(meters);
		Gauge.builder("taxi.channels.redis.subscriptions", subscriptions, RedisSubscriptions::count)
			.description("Redis channels this instance is subscribed to: its groups' and its own")
			.register(meters);
		Gauge.builder("taxi.channels.groups", local, LocalChannels::groupCount)
			.description("Groups with at least one member on this instance")
			.register(meters);
		Gauge.builder("taxi.channels.redis.reachable", link, (l) -> l.isReachable() ? 1 : 0)
			.description("1 while Redis delivers to this instance, 0 during an outage")
			.register(meters);
		FunctionCounter.builder("taxi.channels.redis.reconnects", link, RedisLink::reconnects)
			.description("Times Redis became reachable again and the subscriptions were restored")
			.register(meters);
	}

	/** A batch Redis took: each message is counted, with its wait from being handed over. */
	void published(List<RedisPublisher.Publication> batch) {
		long now = System.nanoTime();
		for (RedisPublisher.Publication publication : batch) {
			this.publishLatency.record(now - publication.handedOverNanos(), TimeUnit.NANOSECONDS);
			((publication.kind() == RedisEnvelope.Kind.GROUP) ? this.publishedToGroups : this.publishedToChannels)
				.increment();
		}
	}

	void publishFailed(int count) {
		this.publishFailures.increment(count);
	}

	void received(RedisEnvelope.Kind kind) {
		switch (kind) {
			case GROUP -> this.receivedForGroups.increment();
			case CHANNEL -> this.receivedForChannels.increment();
			case UNSENT -> this.meters.counter("taxi.channels.received", "kind", "unsent").increment();
		}
	}

	/** A message that reached this instance and nobody: its channel is gone, or it was unreadable. */
	void dropped(String reason) {
		this.meters.counter("taxi.channels.dropped", "reason", reason).increment();
	}

}
