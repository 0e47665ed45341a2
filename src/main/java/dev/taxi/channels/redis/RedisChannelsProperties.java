package dev.taxi.channels.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Redis channel layer's link, under {@code taxi.channels.redis}.
 * @param maxReconnectDelay the longest wait between two attempts to reach Redis, at start-up and
 * after an outage: attempts start at once and back off exponentially up to it, so that an instance
 * hears the others again at most this long after Redis answers
 */
@ConfigurationProperties("taxi.channels.redis")
public record RedisChannelsProperties(@DefaultValue("1s") Duration maxReconnectDelay) {

	public RedisChannelsProperties {
		if (maxReconnectDelay.isNegative() || maxReconnectDelay.isZero()) {
			throw new IllegalArgumentException("taxi.channels.redis.max-reconnect-delay must be positive, was "
					+ maxReconnectDelay);
		}
	}

}
