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
class RedisConnectionLimitConfiguration {

	@Bean
	RedisConnectionLimit redisConnectionLimit(LettuceConnectionFactory connectionFactory, ChannelsProperties properties) {
		AbstractRedisClient client = connectionFactory.getRequiredNativeClient();
		if (!(client instanceof RedisClient redisClient)) {
			throw new IllegalStateException("Counting sockets across instances needs a standalone Redis, not "
					+ client.getClass().getSimpleName());
		}
		return new RedisConnectionLimit(redisClient, properties.redisPrefix(), RedisChannelLayer.newInstanceId(),
				properties.maxConnectionsPerUser(), RedisConnectionLimit.LEASE);
	}

}
