package dev.taxi.auth;

import java.time.Clock;

import dev.taxi.channels.ChannelsProperties;
import dev.taxi.redis.OnDemandRedisConnection;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Failed log-ins counted in memory on one instance, in Redis when instances share the Redis layer. */
@Configuration(proxyBeanMethods = false)
class LogInThrottleConfiguration {

	@Bean
	LogInThrottle logInThrottle(FailureCounter counter, LogInThrottleProperties properties) {
		return new LogInThrottle(counter, properties);
	}

	@Bean
	@ConditionalOnProperty(name = "taxi.channels.type", havingValue = "memory", matchIfMissing = true)
	FailureCounter inMemoryFailureCounter(LogInThrottleProperties properties, Clock clock) {
		return inMemory(properties, clock);
	}

	@Bean
	@ConditionalOnProperty(name = "taxi.channels.type", havingValue = "redis")
	FailureCounter redisFailureCounter(OnDemandRedisConnection redis, ChannelsProperties channels,
			LogInThrottleProperties properties, Clock clock) {
		return new RedisFailureCounter(redis, channels.redisPrefix(), properties.maxFailures(), properties.window(),
				inMemory(properties, clock));
	}

	private static FailureCounter inMemory(LogInThrottleProperties properties, Clock clock) {
		return new InMemoryFailureCounter(properties.maxFailures(), properties.window(), clock);
	}

}
