package dev.taxi.redis;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** One connection for the state kept in Redis when instances share the Redis layer. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "taxi.channels.type", havingValue = "redis")
class RedisConnectionConfiguration {

	@Bean(destroyMethod = "close")
	OnDemandRedisConnection onDemandRedisConnection(LettuceConnectionFactory connectionFactory) {
		return new OnDemandRedisConnection(connectionFactory);
	}

}
