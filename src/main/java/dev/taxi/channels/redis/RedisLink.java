package dev.taxi.channels.redis;

import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.taxi.redis.LuaScript;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;

/**
 * This instance's two Lettuce connections to Redis, and whether Redis can reach it: one
 * connection in subscriber mode that receives what the instance's groups, its own channel and the
 * deployment's broadcast channel carry, one that publishes. They are opened in the background
 * from {@link #start()} on and tried again until Redis answers, so that an instance starts (and
 * serves REST) without Redis; once open they reconnect by themselves, and on reconnect Lettuce
 * subscribes the subscriber connection again to every channel it had confirmed.
 *
 * <p>Redis counts as reachable while the publisher connection is up and, from the moment Redis
 * confirmed the subscription of this instance's own channel (at start and after each reconnect)
 * until the subscriber connection drops, the subscriber connection is too. Lettuce
 * restores all subscriptions in one {@code SUBSCRIBE}, which Redis carries out whole before it
 * answers: once the own channel is confirmed, every channel restored with it receives again. The
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

	private static final Duration FIRST_RETRY = Duration.ofMillis(50);

	/** ARGV: a channel, its message, the next channel, its message, and so on. */
	private static final LuaScript PUBLISH_ALL = new LuaScript("""
			for i = 1, #ARGV, 2 do
			  redis.call('PUBLISH', ARGV[i], ARGV[i + 1])
			end
			return #ARGV / 2
			""");

	private static final String[] NO_KEYS = {};

	private final RedisClient client;

	private final String instanceId;

	private final String instanceChannel;

	private final String broadcastChannel;

	private final Duration maxRetryDelay;

	private final Clock clock;

	private final List<RedisPubSubListener<String, byte[]>> listeners = new CopyOnWriteArrayList<>();

	private final Sinks.Many<Boolean> reachability = Sinks.many().replay().latest();

	private final AtomicLong reconnects = new AtomicLong();

	private final Disposable.Composite opening = Disposables.composite();

	private volatile @Nullable StatefulRedisPubSubConnection<String, byte[]> subscriber;

	private volatile @Nullable StatefulRedisConnection<String, byte[]> publisher;

	private volatile boolean reachable;

	/** The subscriber connection is up, with this instance's own channel subscribed. */
	private volatile boolean hearing;

	private volatile boolean publishing;

	private volatile boolean wasReachable;

	private volatile boolean started;

	private volatile boolean closed;

	private volatile Instant unreachableSince;

	/**
	 * A link that is not open yet: {@link #start()} opens it.
	 * @param maxRetryDelay the longest wait between two attempts to open a connection, as the
	 * client's own reconnect delay should be
	 */
	RedisLink(RedisClient client, RedisChannelNames names, String instanceId, Duration maxRetryDelay, Clock clock) {
		if (client.getOptions().getDisconnectedBehavior() != ClientOptions.DisconnectedBehavior.REJECT_COMMANDS) {
			throw new IllegalStateException("The Redis channel layer needs a client that rejects commands while "
					+ "disconnected (ClientOptions.disconnectedBehavior(REJECT_COMMANDS))");
		}
		this.client = client;
		this.instanceId = instanceId;
		this.instanceChannel = names.instance(instanceId);
		this.broadcastChannel = names.broadcast();
		this.maxRetryDelay = maxRetryDelay;
		this.clock = clock;
		this.unreachableSince = clock.instant();
		this.reachability.tryEmitNext(false);
	}

	Mono<Void> subscribe(String channel) {
		return Mono.defer(() -> {
			StatefulRedisPubSubConnection<String, byte[]> connection = this.subscriber;
			return (connection != null) ? connection.reactive().subscribe(channel) : notOpenYet();
		});
	}

	Mono<Void> unsubscribe(String channel) {
		return Mono.defer(() -> {
			StatefulRedisPubSubConnection<String, byte[]> connection = this.subscriber;
			return (connection != null) ? connection.reactive().unsubscribe(channel) : notOpenYet();
		});
	}

	/** Publishes a message; emits how many subscriber connections Redis handed it to. */
	Mono<Long> publish(String channel, byte[] message) {
		return Mono.defer(() -> {
			StatefulRedisConnection<String, byte[]> connection = this.publisher;
			return (connection != null) ? connection.reactive().publish(channel, message) : notOpenYet();
		});
	}

	/**
	 * Publishes several messages with one command, in their order; {@code channelsAndMessages}
	 * alternates a channel's name (UTF-8) and the message for it. Emits how many were published.
	 */
	Mono<Long> publishAll(byte[][] channelsAndMessages) {
		return Mono.defer(() -> {
			StatefulRedisConnection<String, byte[]> connection = this.publisher;
			return (connection != null) ? PUBLISH_ALL.run(connection.reactive(), NO_KEYS, channelsAndMessages)
					: notOpenYet();
		});
	}

	private static <T> Mono<T> notOpenYet() {
		return Mono.error(() -> new RedisConnectionException("Not connected to Redis yet"));
	}

	/** Hears what the subscriber connection receives, from whenever it is open. */
	void addListener(RedisPubSubListener<String, byte[]> listener) {
		this.listeners.add(listener);
	}

	String instanceId() {
		return this.instanceId;
	}

	String instanceChannel() {
		return this.instanceChannel;
	}

	/** The channel every instance of the deployment subscribes to. */
	String broadcastChannel() {
		return this.broadcastChannel;
	}

	/**
	 * Whether the subscriber connection is up at this moment. It goes down before the commands in
	 * flight on it fail, so a failed command can tell an outage from an error.
	 */
	boolean isConnected() {
		StatefulRedisPubSubConnection<String, byte[]> connection = this.subscriber;
		return connection != null && connection.isOpen();
	}

	/** Whether Redis delivers to this instance and takes its publications: both connections up, its own channel subscribed. */
	boolean isReachable() {
		return this.reachable;
	}

	/** Since when Redis has not been reachable: the start, or the last time it was lost. */
	Instant unreachableSince() {
		return this.unreachableSince;
	}

	/** Reachability now and at each change (unreachable until first opened); completes when the link is closed. */
	Flux<Boolean> reachability() {
		return this.reachability.asFlux();
	}

	/** How many times Redis became reachable again after it was lost. */
	long reconnects() {
		return this.reconnects.get();
	}

	/** Opens both connections in the background, trying until Redis answers. */
	@Override
	public synchronized void start() {
		if (this.started || this.closed) {
			return;
		}
		this.started = true;
		AtomicBoolean toldUnreachable = new AtomicBoolean();
		this.opening.add(open(() -> this.client.connectPubSub(CODEC), this::adoptSubscriber, toldUnreachable)
			.subscribe(null, (ex) -> logger.error("Gave up opening the Redis subscriber connection", ex)));
		this.opening.add(open(() -> this.client.connect(CODEC), this::adoptPublisher, toldUnreachable)
			.subscribe(null, (ex) -> logger.error("Gave up opening the Redis publisher connection", ex)));
	}

	/**
	 * Opens a connection, on a thread that may wait for it (Lettuce's connect blocks until the
	 * connection is up or has failed), again and again until it is open or the link is closed.
	 */
	private <C extends StatefulConnection<String, byte[]>> Mono<C> open(Supplier<C> connect, Predicate<C> adopt,
			AtomicBoolean toldUnreachable) {
		return Mono.fromCallable(() -> {
			C connection = connect.get();
			if (!adopt.test(connection)) {
				connection.close();
			}
			return connection;
		})
			.subscribeOn(Schedulers.boundedElastic())
			.doOnError((ex) -> {
				if (toldUnreachable.compareAndSet(false, true)) {
					logger.warn("Redis is not reachable ({}); delivering locally only, and trying again until it is",
							ex.getMessage());
				}
			})
			.retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_RETRY).maxBackoff(this.maxRetryDelay)
				.filter((ex) -> !this.closed));
	}

	private synchronized boolean adoptSubscriber(StatefulRedisPubSubConnection<String, byte[]> connection) {
		if (this.closed) {
			return false;
		}
		connection.addListener(new SubscriberState());
		connection.addListener(new Dispatcher());
		this.subscriber = connection;
		// Tried until Redis confirmed it once; from then on Lettuce restores it after every reconnect.
		this.opening.add(Mono.defer(() -> connection.reactive().subscribe(this.instanceChannel, this.broadcastChannel))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_RETRY).maxBackoff(this.maxRetryDelay)
				.filter((ex) -> !this.closed))
			.subscribe(null, (ex) -> logger.error("Gave up subscribing this instance's own Redis channel", ex)));
		return true;
	}

	private synchronized boolean adoptPublisher(StatefulRedisConnection<String, byte[]> connection) {
		if (this.closed) {
			return false;
		}
		connection.addListener(new PublisherState());
		this.publisher = connection;
		this.publishing = connection.isOpen();
		updateReachability();
		return true;
	}

	@Override
	public void stop() {
		close();
	}

	@Override
	public boolean isRunning() {
		return this.started && !this.closed;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/** Closes both connections; Redis forgets their subscriptions with them. Not on a reactive thread. */
	@Override
	public void close() {
		StatefulRedisPubSubConnection<String, byte[]> subscriber;
		StatefulRedisConnection<String, byte[]> publisher;
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			subscriber = this.subscriber;
			publisher = this.publisher;
		}
		this.opening.dispose();
		this.reachable = false;
		this.reachability.emitComplete(Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
		if (subscriber != null) {
			subscriber.close();
		}
		if (publisher != null) {
			publisher.close();
		}
	}

	private synchronized void updateReachability() {
		boolean reachable = this.hearing && this.publishing;
		if (this.closed || this.reachable == reachable) {
			return;
		}
		if (reachable) {
			if (this.wasReachable) {
				this.reconnects.incrementAndGet();
				logger.info("Redis is reachable again; this instance's subscriptions are restored");
			}
			else {
				logger.info("Redis is reachable");
			}
			this.wasReachable = true;
		}
		else {
			this.unreachableSince = this.clock.instant();
		}
		this.reachable = reachable;
		this.reachability.emitNext(reachable, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	private final class SubscriberState implements RedisConnectionStateListener {

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
			logger.debug("Redis subscriber connection up ({}), waiting for the subscriptions to be restored", address);
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (!RedisLink.this.closed) {
				logger.warn("Lost the Redis subscriber connection; delivering locally only until it is back");
				RedisLink.this.hearing = false;
				updateReachability();
			}
		}

	}

	private final class PublisherState implements RedisConnectionStateListener {

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
			RedisLink.this.publishing = true;
			updateReachability();
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (!RedisLink.this.closed) {
				RedisLink.this.publishing = false;
				updateReachability();
			}
		}

	}

	/** Hands what the subscriber connection receives to the listeners; notes the own channel's confirmation. */
	private final class Dispatcher extends RedisPubSubAdapter<String, byte[]> {

		@Override
		public void message(String channel, byte[] message) {
			for (RedisPubSubListener<String, byte[]> listener : RedisLink.this.listeners) {
				listener.message(channel, message);
			}
		}

		@Override
		public void subscribed(String channel, long count) {
			for (RedisPubSubListener<String, byte[]> listener : RedisLink.this.listeners) {
				listener.subscribed(channel, count);
			}
			if (channel.equals(RedisLink.this.instanceChannel) && !RedisLink.this.hearing) {
				RedisLink.this.hearing = true;
				updateReachability();
			}
		}

		@Override
		public void unsubscribed(String channel, long count) {
			for (RedisPubSubListener<String, byte[]> listener : RedisLink.this.listeners) {
				listener.unsubscribed(channel, count);
			}
		}

	}

}
