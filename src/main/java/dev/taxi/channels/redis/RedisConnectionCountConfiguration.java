package dev.taxi.channels.redis;

import dev.taxi.channels.ChannelsProperties;
import dev.taxi.redis.OnDemandRedisConnection;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With the Redis channel layer, {@code taxi.channels.max-connections-per-user} counts a user's
 * sockets on every instance sharing the Redis, not on each one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "taxi.channels.type", havingValue = "redis")
class RedisConnectionCountConfiguration {

	@Bean
	RedisConnectionCount redisConnectionCount(OnDemandRedisConnection redis, ChannelsProperties channels,
			RedisChannelsProperties properties) {
		return new RedisConnectionCount(redis, channels.redisPrefix(), channels.maxConnectionsPerUser(),
				properties.socketLease());
	}

}
