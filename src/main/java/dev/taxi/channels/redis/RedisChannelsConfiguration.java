package dev.taxi.channels.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.ChannelsProperties;
import dev.taxi.channels.socket.ChannelsWebSocketHandler;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis channel layer, for many instances sharing one Redis: chosen by
 * {@code taxi.channels.type=redis} (the {@code redis} profile), reaching Redis through the
 * Lettuce client that Spring Boot configures from {@code spring.data.redis.*}, its channels named
 * under {@code taxi.channels.redis-prefix}. It starts without Redis and joins the others once
 * Redis answers; until then, and during any outage, the {@code redisChannels} health (part of
 * readiness) is down and WebSocket handshakes are refused with 503.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "taxi.channels.type", havingValue = "redis")
class RedisChannelsConfiguration {

	/**
	 * Fail commands at once while Redis is away rather than buffer them without bound: what the
	 * layer and the health check need (see {@link RedisLink}).
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer rejectRedisCommandsWhileDisconnected() {
		return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/**
	 * Lettuce backs off exponentially between reconnect attempts, by default up to 30 s: after an
	 * outage of some seconds an instance would stay cut off long after Redis answers again.
	 */
	@Bean
	ClientResourcesBuilderCustomizer capRedisReconnectDelay(RedisChannelsProperties properties) {
		return (resources) -> resources.reconnectDelay(
				Delay.exponential(Duration.ZERO, properties.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS));
	}

	/** One set of names for the link and the layer: they must agree on every channel they use. */
	@Bean
	RedisChannelNames redisChannelNames(ChannelsProperties properties) {
		return new RedisChannelNames(properties.redisPrefix());
	}

	@Bean
	RedisLink redisLink(LettuceConnectionFactory connectionFactory, RedisChannelNames names,
			RedisChannelsProperties properties, Clock clock) {
		AbstractRedisClient client = connectionFactory.getRequiredNativeClient();
		if (!(client instanceof RedisClient redisClient)) {
			throw new IllegalStateException("The Redis channel layer needs a standalone Redis (or Sentinel), not "
					+ client.getClass().getSimpleName());
		}
		return new RedisLink(redisClient, names, RedisChannelLayer.newInstanceId(), properties.maxReconnectDelay(),
				clock);
	}

	@Bean
	ChannelLayer redisChannelLayer(RedisLink link, RedisChannelNames names, MeterRegistry meters, Clock clock) {
		return new RedisChannelLayer(link, names, meters, clock);
	}

	/** Named so that its health is {@code redisChannels}, which the readiness group includes. */
	@Bean
	RedisChannelsHealthIndicator redisChannelsHealthIndicator(RedisLink link) {
		return new RedisChannelsHealthIndicator(link);
	}

	@Bean
	RedisHandshakeGate redisHandshakeGate(RedisLink link, JsonMapper mapper) {
		return new RedisHandshakeGate(link, mapper);
	}

	@Bean
	RedisOutageGuard redisOutageGuard(RedisLink link, ChannelsWebSocketHandler handler, ChannelsProperties properties) {
		return new RedisOutageGuard(link.reachability(), handler, properties.redisOutageGrace());
	}

}
