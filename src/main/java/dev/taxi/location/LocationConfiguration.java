package dev.taxi.location;

import java.time.Clock;

import dev.taxi.channels.ChannelsProperties;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

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

		@Bean(destroyMethod = "close")
		RedisLastPositions redisLastPositions(LettuceConnectionFactory connectionFactory, ChannelsProperties channels,
				LocationProperties properties, JsonMapper mapper) {
			AbstractRedisClient client = connectionFactory.getRequiredNativeClient();
			if (!(client instanceof RedisClient redisClient)) {
				throw new IllegalStateException("Last positions need a standalone Redis, not " + client.getClass().getSimpleName());
			}
			return new RedisLastPositions(redisClient, channels.redisPrefix(), properties.lastPositionTtl(), mapper);
		}

	}

}
