package dev.taxi.location;

import java.time.Duration;

import dev.taxi.redis.OnDemandRedisConnection;
import io.lettuce.core.SetArgs;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Last positions shared by every instance: one Redis key per driver,
 * {@code {prefix}:location:{driver id}}, holding the position's JSON, expiring by itself. Until
 * Redis answers, positions are neither kept nor found (see {@link OnDemandRedisConnection}).
 */
final class RedisLastPositions implements LastPositions {

	private final OnDemandRedisConnection redis;

	private final String prefix;

	private final SetArgs expiry;

	private final JsonMapper mapper;

	RedisLastPositions(OnDemandRedisConnection redis, String prefix, Duration ttl, JsonMapper mapper) {
		this.redis = redis;
		this.prefix = prefix + ":location:";
		this.expiry = SetArgs.Builder.px(ttl.toMillis());
		this.mapper = mapper;
	}

	@Override
	public Mono<Void> put(long driverId, Position position) {
		String json = this.mapper.writeValueAsString(position);
		return this.redis.commands().flatMap((redis) -> redis.set(this.prefix + driverId, json, this.expiry)).then();
	}

	@Override
	public Mono<Position> get(long driverId) {
		return this.redis.commands().flatMap((redis) -> redis.get(this.prefix + driverId))
			.map((json) -> this.mapper.readValue(json, Position.class));
	}

}
