package dev.taxi.redis;

import java.time.Duration;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A connection to the Redis that Spring Boot's Lettuce client points at, opened on first use, not at
 * start-up, so that an instance starts while Redis is away. Until Redis answers, every use fails,
 * and an attempt to open it is made at most once per {@link #RETRY}. Once open, it reconnects by itself.
 */
public final class OnDemandRedisConnection implements AutoCloseable {

	public static final Duration RETRY = Duration.ofSeconds(1);

	private static final Duration FOREVER = Duration.ofDays(365);

	private final Mono<StatefulRedisConnection<String, String>> connection;

	private volatile @Nullable StatefulRedisConnection<String, String> opened;

	private volatile boolean closed;

	OnDemandRedisConnection(LettuceConnectionFactory connectionFactory) {
		this(standalone(connectionFactory.getRequiredNativeClient()));
	}

	/** A connection of its own through this client, e.g. to a Redis a test started. */
	public static OnDemandRedisConnection of(RedisClient client) {
		return new OnDemandRedisConnection(client);
	}

	private OnDemandRedisConnection(RedisClient redisClient) {
		// Lettuce's connect waits for the connection: not on the caller's (reactive) thread.
		this.connection = Mono.fromCallable(() -> open(redisClient))
			.subscribeOn(Schedulers.boundedElastic())
			.cache((open) -> FOREVER, (ex) -> RETRY, () -> Duration.ZERO);
	}

	private static RedisClient standalone(AbstractRedisClient client) {
		if (!(client instanceof RedisClient redisClient)) {
			throw new IllegalStateException("The state kept in Redis (last positions, failed log-ins, sockets per user) "
					+ "needs a standalone Redis, not " + client.getClass().getSimpleName());
		}
		return redisClient;
	}

	private synchronized StatefulRedisConnection<String, String> open(RedisClient client) {
		if (this.closed) {
			throw new IllegalStateException("Closed");
		}
		StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
		this.opened = connection;
		return connection;
	}

	/** Redis's commands, once the connection is open. */
	public Mono<RedisReactiveCommands<String, String>> commands() {
		return this.connection.map(StatefulRedisConnection::reactive);
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		StatefulRedisConnection<String, String> opened = this.opened;
		if (opened != null) {
			opened.close();
		}
	}

}
