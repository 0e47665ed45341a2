package dev.taxi.channels.redis;

import dev.taxi.channels.ChannelsProperties;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * With the Redis channel layer, {@code taxi.channels.max-connections-per-user} counts a user's
 * sockets on every instance sharing the Redis, not on each one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "taxi.channels.type", havingValue = "redis")
class RedisConnectionCountConfiguration {

	@Bean
	RedisConnectionCount redisConnectionCount(LettuceConnectionFactory connectionFactory, ChannelsProperties channels,
			RedisChannelsProperties properties) {
		AbstractRedisClient client = connectionFactory.getRequiredNativeClient();
		if (!(client instanceof RedisClient redisClient)) {
			throw new IllegalStateException("Counting sockets across instances needs a standalone Redis, not "
					+ client.getClass().getSimpleName());
		}
		return new RedisConnectionCount(redisClient, channels.redisPrefix(), channels.maxConnectionsPerUser(),
				properties.socketLease());
	}

}
