package dev.taxi.channels.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.ChannelMessage;
import dev.taxi.channels.Gap;
import dev.taxi.channels.Inbox;
import dev.taxi.channels.LocalChannels;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The channel layer of many instances sharing one Redis, over Redis pub/sub. Each instance
 * delivers to its own members directly, then publishes once for the others: a group message on
 * the group's Redis channel, which only instances with members of that group subscribe to; a
 * message to one channel on the Redis channel of the instance that holds it, named in the
 * channel's name. Every publication carries the sender's instance id, and an instance drops the
 * echo of its own. Membership stays on the instance: Redis holds no state but the subscriptions
 * of live connections, which vanish with them.
 *
 * <p>Publications go to Redis in batches ({@link RedisPublisher}); a sender does not wait for
 * Redis. If Redis cannot take a publication, the local members have the message already: the
 * failure is logged and counted, and the sender is not failed for it. Pub/sub is at-most-once, so what is
 * published during an outage is lost to the other instances: each outage, and each stretch in
 * which an instance could not publish, becomes a {@link Gap} on the instances whose members may
 * have missed something (see {@link RedisGaps}), from which the features resynchronise them.
 *
 * <p>Lettuce directly rather than Spring Data Redis's {@code ReactiveRedisMessageListenerContainer}:
 * the layer needs to know when Redis <em>confirmed</em> a subscription (so that {@code groupAdd}
 * can wait for it) and when the connection drops and comes back (to restore subscriptions and
 * report the outage), it does its own per-group bookkeeping of subscriptions (the container
 * would add a second, reference-counted one keyed to the lifetime of a {@code Flux}), and it
 * wants the payload as the bytes that were published, with no conversion. Spring Data Redis is
 * still what configures the client ({@code spring.data.redis.*}) and checks Redis's health.
 */
final class RedisChannelLayer implements ChannelLayer {

	private static final Logger logger = LoggerFactory.getLogger(RedisChannelLayer.class);

	private final LocalChannels local = new LocalChannels();

	private final RedisLink link;

	private final RedisChannelNames names;

	private final String instanceId;

	private final byte[] instanceIdBytes;

	private final RedisSubscriptions subscriptions;

	private final RedisChannelsMetrics metrics;

	private final RedisGaps gaps;

	private final RedisPublisher publisher;

	/**
	 * Builds the layer on a link opened with the same names: a layer naming channels differently
	 * from its link would publish where no instance listens.
	 */
	RedisChannelLayer(RedisLink link, RedisChannelNames names, MeterRegistry meters, Clock clock) {
		if (!link.instanceChannel().equals(names.instance(link.instanceId()))) {
			throw new IllegalArgumentException("The link's own channel " + link.instanceChannel()
					+ " is not named by " + names + ": link and layer must share their names");
		}
		this.link = link;
		this.names = names;
		this.instanceId = link.instanceId();
		this.instanceIdBytes = this.instanceId.getBytes(StandardCharsets.UTF_8);
		this.subscriptions = new RedisSubscriptions(link, names, this.local);
		this.metrics = new RedisChannelsMetrics(meters, link, this.subscriptions, this.local);
		this.gaps = new RedisGaps(link, this.subscriptions, clock, meters);
		this.publisher = new RedisPublisher(link, this.metrics, this.gaps);
		link.addListener(new Receiver());
	}

	/** A fresh id for an instance; it leads the names of the channels the instance holds. */
	static String newInstanceId() {
		return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
	}

	@Override
	public String newChannel() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return this.instanceId + RedisChannelNames.INSTANCE_SEPARATOR + new UUID(random.nextLong(), random.nextLong());
	}

	@Override
	public Disposable attach(String channel, Inbox inbox) {
		this.local.attach(channel, inbox);
		return () -> this.local.detach(channel).forEach(this.subscriptions::nudge);
	}

	@Override
	public Mono<Void> groupAdd(String group, String channel) {
		return Mono.defer(() -> {
			this.local.add(group, channel);
			// Also when the group had members: their subscription may still be on its way.
			return this.subscriptions.sync(group);
		});
	}

	@Override
	public Mono<Void> groupDiscard(String group, String channel) {
		return Mono.defer(() -> this.local.discard(group, channel) ? this.subscriptions.sync(group)
			// The member is gone either way; a leftover subscription only costs traffic, and goes later.
			.onErrorResume((ex) -> Mono.empty()) : Mono.empty());
	}

	@Override
	public Mono<Void> groupSend(String group, ChannelMessage message) {
		return Mono.defer(() -> {
			this.local.deliverToGroup(group, message);
			return publish(this.names.group(group), new RedisEnvelope(this.instanceId, RedisEnvelope.Kind.GROUP,
					group, message));
		});
	}

	@Override
	public Mono<Void> send(String channel, ChannelMessage message) {
		return Mono.defer(() -> {
			if (this.local.deliver(channel, message)) {
				return Mono.empty();
			}
			String holder = RedisChannelNames.instanceOf(channel);
			if (holder == null || holder.equals(this.instanceId)) {
				// Ours and gone, or never a channel: like a letter to a closed connection.
				return Mono.empty();
			}
			return publish(this.names.instance(holder), new RedisEnvelope(this.instanceId,
					RedisEnvelope.Kind.CHANNEL, channel, message));
		});
	}

	@Override
	public Set<String> localGroups() {
		return this.local.groups();
	}

	@Override
	public Mono<Void> groupSendLocal(String group, ChannelMessage message) {
		return Mono.fromRunnable(() -> this.local.deliverToGroup(group, message));
	}

	@Override
	public Flux<Gap> gaps() {
		return this.gaps.gaps();
	}

	/** Whether Redis delivers to this instance now, and at each change. */
	Flux<Boolean> reachability() {
		return this.link.reachability();
	}

	boolean isRedisReachable() {
		return this.link.isReachable();
	}

	/** Whether this instance is subscribed to a group's Redis channel (Redis confirmed it). */
	boolean isSubscribed(String group) {
		return this.subscriptions.isSubscribed(group);
	}

	String instanceId() {
		return this.instanceId;
	}

	private Mono<Void> publish(String redisChannel, RedisEnvelope envelope) {
		this.publisher.publish(redisChannel, envelope.kind(), envelope.encode());
		return Mono.empty();
	}

	/** Hands what other instances published to the local members, decoded once for all of them. */
	private final class Receiver extends RedisPubSubAdapter<String, byte[]> {

		@Override
		public void message(String redisChannel, byte[] payload) {
			if (RedisEnvelope.isFrom(RedisChannelLayer.this.instanceIdBytes, payload)) {
				return;
			}
			RedisEnvelope envelope;
			try {
				envelope = RedisEnvelope.decode(payload);
			}
			catch (IllegalArgumentException ex) {
				RedisChannelLayer.this.metrics.dropped("malformed");
				logger.warn("Dropped an unreadable message on {}", redisChannel, ex);
				return;
			}
			RedisChannelLayer.this.metrics.received(envelope.kind());
			switch (envelope.kind()) {
				case GROUP -> RedisChannelLayer.this.local.deliverToGroup(envelope.target(), envelope.message());
				case CHANNEL -> {
					if (!RedisChannelLayer.this.local.deliver(envelope.target(), envelope.message())) {
						RedisChannelLayer.this.metrics.dropped("unknown-channel");
					}
				}
				case UNSENT -> RedisChannelLayer.this.gaps.heard(envelope.target());
			}
		}

	}

}
