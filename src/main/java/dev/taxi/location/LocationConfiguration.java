package dev.taxi.location;

import java.time.Clock;

import dev.taxi.channels.ChannelsProperties;
import dev.taxi.redis.OnDemandRedisConnection;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where last positions are kept: in memory on one instance, in Redis when instances share the Redis layer. */
@Configuration(proxyBeanMethods = false)
class LocationConfiguration {

	@Bean
	@ConditionalOnProperty(name = "taxi.channels.type", havingValue = "memory", matchIfMissing = true)
	LastPositions inMemoryLastPositions(LocationProperties properties, Clock clock) {
		return new InMemoryLastPositions(properties.lastPositionTtl(), clock);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "taxi.channels.type", havingValue = "redis")
	static class RedisPositions {

		@Bean
		RedisLastPositions redisLastPositions(OnDemandRedisConnection redis, ChannelsProperties channels,
				LocationProperties properties, JsonMapper mapper) {
			return new RedisLastPositions(redis, channels.redisPrefix(), properties.lastPositionTtl(), mapper);
		}

	}

}
