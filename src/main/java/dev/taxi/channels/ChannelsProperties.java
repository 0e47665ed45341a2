package dev.taxi.channels;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The real-time layer, under {@code taxi.channels}.
 * @param type which channel layer carries group messages: {@code memory} (one instance) or
 * {@code redis} (many instances sharing one Redis)
 * @param maxFrameSize largest client frame; a larger one closes the connection with 1009
 * @param outboundQueue frames waiting for a slow client before it is dropped with 1013 (rounded up to a
 * power of two, at least 8)
 * @param maxMessagesPerSecond client messages per second per connection before it is closed with 1008
 * @param maxConnectionsPerUser open connections one user may hold on one instance, or on all instances
 * together with the Redis layer; a further one is closed with 1008 right after its handshake
 * @param redisOutageGrace how long the Redis layer may lose Redis before every WebSocket is closed
 * with 1012, so that clients reconnect, to an instance that hears the others if there is one; a
 * shorter outage is made good by resynchronising the members once Redis is back
 * @param redisPrefix what the Redis layer's channels on Redis are named under: {@code {prefix}:g:{group}}
 * and {@code {prefix}:i:{instance}}. Redis pub/sub ignores database numbers, so deployments sharing
 * one Redis (or a developer's server and a test run) need prefixes of their own not to hear each
 * other's groups; the instances of one deployment must share it. The default, {@code taxi}, keeps
 * deployments that do not set it working together.
 */
@ConfigurationProperties("taxi.channels")
public record ChannelsProperties(@DefaultValue("memory") LayerType type, @DefaultValue("64KB") DataSize maxFrameSize,
		@DefaultValue("256") int outboundQueue, @DefaultValue("50") int maxMessagesPerSecond,
		@DefaultValue("20") int maxConnectionsPerUser,
		@DefaultValue("30s") Duration redisOutageGrace, @DefaultValue("taxi") String redisPrefix) {

	public enum LayerType {

		MEMORY, REDIS

	}

}
