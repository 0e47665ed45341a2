package dev.taxi.channels.redis;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;

/**
 * This instance's two Lettuce connections to Redis, and whether Redis can reach it: one
 * connection in subscriber mode that receives what the instance's groups and its own channel
 * carry, one that publishes. Both reconnect by themselves; on reconnect Lettuce subscribes the
 * subscriber connection again to every channel it had confirmed.
 *
 * <p>Redis counts as reachable from the moment it confirms the subscription of this instance's
 * own channel, at start and after each reconnect, until the subscriber connection drops. The
 * client must reject commands while disconnected ({@link ClientOptions.DisconnectedBehavior#REJECT_COMMANDS}):
 * a publish during an outage then fails at once instead of waiting in an unbounded buffer to be
 * delivered late, and a subscription change fails at once and is made again after the reconnect.
 *
 * <p>Closing the connections is all an instance has to do on its way out: the subscriptions go
 * with them, and Redis keeps nothing else of it.
 */
final class RedisLink implements SmartLifecycle, AutoCloseable {

	/**
	 * Stops after the web server (its WebSockets are closed, their last messages sent) and before
	 * Spring Data's connection factory, which shuts the Lettuce client down at phase 0.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Logger logger = LoggerFactory.getLogger(RedisLink.class);

	private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final StatefulRedisPubSubConnection<String, byte[]> subscriber;

	private final StatefulRedisConnection<String, byte[]> publisher;

	private final String instanceId;

	private final String instanceChannel;

	private final Sinks.Many<Boolean> reachability = Sinks.many().replay().latest();

	private final AtomicLong reconnects = new AtomicLong();

	private volatile boolean reachable;

	private volatile boolean wasReachable;

	private volatile boolean closed;

	private RedisLink(StatefulRedisPubSubConnection<String, byte[]> subscriber,
			StatefulRedisConnection<String, byte[]> publisher, RedisChannelNames names, String instanceId) {
		this.subscriber = subscriber;
		this.publisher = publisher;
		this.instanceId = instanceId;
		this.instanceChannel = names.instance(instanceId);
	}

	/**
	 * Connects to Redis and subscribes this instance's own channel, waiting for both: call it at
	 * start-up, never on a reactive thread. Fails if Redis cannot be reached.
	 */
	static RedisLink open(RedisClient client, RedisChannelNames names, String instanceId, Duration timeout) {
		if (client.getOptions().getDisconnectedBehavior() != ClientOptions.DisconnectedBehavior.REJECT_COMMANDS) {
			throw new IllegalStateException("The Redis channel layer needs a client that rejects commands while "
					+ "disconnected (ClientOptions.disconnectedBehavior(REJECT_COMMANDS))");
		}
		StatefulRedisPubSubConnection<String, byte[]> subscriber = client.connectPubSub(CODEC);
		StatefulRedisConnection<String, byte[]> publisher;
		try {
			publisher = client.connect(CODEC);
		}
		catch (RuntimeException ex) {
			subscriber.close();
			throw ex;
		}
		RedisLink link = new RedisLink(subscriber, publisher, names, instanceId);
		subscriber.addListener(link.new StateListener());
		subscriber.addListener(link.new InstanceChannelListener());
		try {
			link.subscribe(link.instanceChannel).block(timeout);
		}
		catch (RuntimeException ex) {
			link.close();
			throw ex;
		}
		return link;
	}

	Mono<Void> subscribe(String channel) {
		return this.subscriber.reactive().subscribe(channel);
	}

	Mono<Void> unsubscribe(String channel) {
		return this.subscriber.reactive().unsubscribe(channel);
	}

	/** Publishes a message; emits how many subscriber connections Redis handed it to. */
	Mono<Long> publish(String channel, byte[] message) {
		return this.publisher.reactive().publish(channel, message);
	}

	void addListener(RedisPubSubListener<String, byte[]> listener) {
		this.subscriber.addListener(listener);
	}

	void addListener(RedisConnectionStateListener listener) {
		this.subscriber.addListener(listener);
	}

	String instanceId() {
		return this.instanceId;
	}

	String instanceChannel() {
		return this.instanceChannel;
	}

	/**
	 * Whether the subscriber connection is up at this moment. It goes down before the commands in
	 * flight on it fail, so a failed command can tell an outage from an error.
	 */
	boolean isConnected() {
		return this.subscriber.isOpen();
	}

	/** Whether Redis delivers to this instance: connected and its own channel subscribed. */
	boolean isReachable() {
		return this.reachable;
	}

	/** Reachability now and at each change; completes when the link is closed. */
	Flux<Boolean> reachability() {
		return this.reachability.asFlux();
	}

	/** How many times Redis became reachable again after it was lost. */
	long reconnects() {
		return this.reconnects.get();
	}

	@Override
	public void start() {
		// Open from the start: the layer cannot be built without its connections.
	}

	@Override
	public void stop() {
		close();
	}

	@Override
	public boolean isRunning() {
		return !this.closed;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** Closes both connections; Redis forgets their subscriptions with them. Not on a reactive thread. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.reachable = false;
		this.reachability.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
		this.subscriber.close();
		this.publisher.close();
	}

	private void changeReachability(boolean reachable) {
		if (this.closed || this.reachable == reachable) {
			return;
		}
		this.reachable = reachable;
		this.reachability.emitNext(reachable, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	private final class StateListener implements RedisConnectionStateListener {

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
			logger.debug("Redis subscriber connection up ({}), waiting for the subscriptions to be restored", address);
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (!RedisLink.this.closed) {
				logger.warn("Lost the Redis subscriber connection; delivering locally only until it is back");
				changeReachability(false);
			}
		}

	}

	private final class InstanceChannelListener extends RedisPubSubAdapter<String, byte[]> {

		@Override
		public void subscribed(String channel, long count) {
			if (channel.equals(RedisLink.this.instanceChannel) && !RedisLink.this.reachable) {
				if (RedisLink.this.wasReachable) {
					RedisLink.this.reconnects.incrementAndGet();
					logger.info("Redis is reachable again; restoring this instance's subscriptions");
				}
				RedisLink.this.wasReachable = true;
				changeReachability(true);
			}
		}

	}

}
