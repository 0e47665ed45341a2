package dev.taxi.channels.redis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Redis channel layer's link, under {@code taxi.channels.redis}.
 * @param maxReconnectDelay the longest wait between two attempts to reach Redis, at start-up and
 * after an outage: attempts start at once and back off exponentially up to it, so that an instance
 * hears the others again at most this long after Redis answers
 * @param socketLease how long a socket counted against {@code taxi.channels.max-connections-per-user}
 * on Redis still counts without its instance refreshing it (every third of this): how long an
 * instance killed without closing its sockets may keep its users from opening new ones
 */
@ConfigurationProperties("taxi.channels.redis")
public record RedisChannelsProperties(@DefaultValue("1s") Duration maxReconnectDelay,
		@DefaultValue("15s") Duration socketLease) {

	public RedisChannelsProperties {
		if (socketLease.toMillis() < 30) {
			throw new IllegalArgumentException("taxi.channels.redis.socket-lease must be at least 30ms, was "
					+ socketLease);
		}
		if (maxReconnectDelay.isNegative() || maxReconnectDelay.isZero()) {
			throw new IllegalArgumentException("taxi.channels.redis.max-reconnect-delay must be positive, was "
					+ maxReconnectDelay);
		}
	}

}
