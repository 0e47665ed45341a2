package dev.taxi.location;

import java.time.Duration;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Last positions shared by every instance: one Redis key per driver,
 * {@code {prefix}:location:{driver id}}, holding the position's JSON, expiring by itself.
 */
final class RedisLastPositions implements LastPositions {

	private final StatefulRedisConnection<String, String> redis;

	private final String prefix;

	private final SetArgs expiry;

	private final JsonMapper mapper;

	RedisLastPositions(StatefulRedisConnection<String, String> redis, String prefix, Duration ttl, JsonMapper mapper) {
		this.redis = redis;
		this.prefix = prefix + ":location:";
		this.expiry = SetArgs.Builder.px(ttl.toMillis());
		this.mapper = mapper;
	}

	@Override
	public Mono<Void> put(long driverId, Position position) {
		return this.redis.reactive().set(this.prefix + driverId, this.mapper.writeValueAsString(position), this.expiry).then();
	}

	@Override
	public Mono<Position> get(long driverId) {
		return this.redis.reactive().get(this.prefix + driverId).map((json) -> this.mapper.readValue(json, Position.class));
	}

}
