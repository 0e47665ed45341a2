package dev.taxi.location;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Last positions shared by every instance: one Redis key per driver,
 * {@code {prefix}:location:{driver id}}, holding the position's JSON, expiring by itself.
 *
 * <p>Its connection is opened on first use, not at start-up, so that an instance starts while
 * Redis is away; until Redis answers, positions are neither kept nor found, and an attempt to
 * open it is made at most once per {@link #RETRY}. Once open, it reconnects by itself.
 */
final class RedisLastPositions implements LastPositions, AutoCloseable {

	static final Duration RETRY = Duration.ofSeconds(1);

	private static final Duration FOREVER = Duration.ofDays(365);

	private final Mono<StatefulRedisConnection<String, String>> connection;

	private final String prefix;

	private final SetArgs expiry;

	private final JsonMapper mapper;

	private volatile @Nullable StatefulRedisConnection<String, String> opened;

	private volatile boolean closed;

	RedisLastPositions(RedisClient client, String prefix, Duration ttl, JsonMapper mapper) {
		// Lettuce's connect waits for the connection: not on the caller's (reactive) thread.
		this.connection = Mono.fromCallable(() -> open(client))
			.subscribeOn(Schedulers.boundedElastic())
			.cache((open) -> FOREVER, (ex) -> RETRY, () -> Duration.ZERO);
		this.prefix = prefix + ":location:";
		this.expiry = SetArgs.Builder.px(ttl.toMillis());
		this.mapper = mapper;
	}

	private synchronized StatefulRedisConnection<String, String> open(RedisClient client) {
		if (this.closed) {
			throw new IllegalStateException("Closed");
		}
		StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8);
		this.opened = connection;
		return connection;
	}

	@Override
	public Mono<Void> put(long driverId, Position position) {
		String json = this.mapper.writeValueAsString(position);
		return this.connection.flatMap((redis) -> redis.reactive().set(this.prefix + driverId, json, this.expiry)).then();
	}

	@Override
	public Mono<Position> get(long driverId) {
		return this.connection.flatMap((redis) -> redis.reactive().get(this.prefix + driverId))
			.map((json) -> this.mapper.readValue(json, Position.class));
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
