package dev.taxi.channels.redis;

import java.time.Duration;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.ChannelsProperties;
import dev.taxi.channels.socket.ChannelsWebSocketHandler;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis channel layer, for many instances sharing one Redis: chosen by
 * {@code taxi.channels.type=redis} (the {@code redis} profile), reaching Redis through the
 * Lettuce client that Spring Boot configures from {@code spring.data.redis.*}, its channels named
 * under {@code taxi.channels.redis-prefix}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "taxi.channels.type", havingValue = "redis")
class RedisChannelsConfiguration {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Fail commands at once while Redis is away rather than buffer them without bound: what the
	 * layer and the health check need (see {@link RedisLink}).
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer rejectRedisCommandsWhileDisconnected() {
		return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/** One set of names for the link and the layer: they must agree on every channel they use. */
	@Bean
	RedisChannelNames redisChannelNames(ChannelsProperties properties) {
		return new RedisChannelNames(properties.redisPrefix());
	}

	@Bean
	RedisLink redisLink(LettuceConnectionFactory connectionFactory, RedisChannelNames names) {
		AbstractRedisClient client = connectionFactory.getRequiredNativeClient();
		if (!(client instanceof RedisClient redisClient)) {
			throw new IllegalStateException("The Redis channel layer needs a standalone Redis (or Sentinel), not "
					+ client.getClass().getSimpleName());
		}
		return RedisLink.open(redisClient, names, RedisChannelLayer.newInstanceId(), CONNECT_TIMEOUT);
	}

	@Bean
	ChannelLayer redisChannelLayer(RedisLink link, RedisChannelNames names, MeterRegistry meters) {
		return new RedisChannelLayer(link, names, meters);
	}

	@Bean
	RedisOutageGuard redisOutageGuard(RedisLink link, ChannelsWebSocketHandler handler, ChannelsProperties properties) {
		return new RedisOutageGuard(link.reachability(), handler, properties.redisOutageGrace());
	}

}
