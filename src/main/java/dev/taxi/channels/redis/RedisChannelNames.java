package dev.taxi.channels.redis;

import org.jspecify.annotations.Nullable;

/**
 * Names on Redis: a group's pub/sub channel {@code {prefix}:g:{group}}, an instance's own pub/sub
 * channel {@code {prefix}:i:{instanceId}}, the channel every instance hears {@code {prefix}:all},
 * and consumer channel names {@code {instanceId}!{random}} that say which instance holds them.
 * Nothing else of the layer lives on Redis.
 *
 * <p>The prefix ({@code taxi.channels.redis-prefix}) is what keeps deployments sharing one Redis
 * apart: pub/sub ignores database numbers, so without it every deployment would hear every other
 * one's groups. Instances of one deployment must share it. Consumer channel names do not carry it:
 * they only ever travel inside the deployment, within messages on its own Redis channels.
 */
final class RedisChannelNames {

	static final char INSTANCE_SEPARATOR = '!';

	private final String prefix;

	private final String groupPrefix;

	private final String instancePrefix;

	private final String broadcast;

	RedisChannelNames(String prefix) {
		if (prefix.isBlank()) {
			throw new IllegalArgumentException("The Redis prefix (taxi.channels.redis-prefix) must not be blank");
		}
		this.prefix = prefix;
		this.groupPrefix = prefix + ":g:";
		this.instancePrefix = prefix + ":i:";
		this.broadcast = prefix + ":all";
	}

	String prefix() {
		return this.prefix;
	}

	String group(String group) {
		return this.groupPrefix + group;
	}

	String instance(String instanceId) {
		return this.instancePrefix + instanceId;
	}

	/** The channel every instance of the deployment subscribes to, for what concerns them all. */
	String broadcast() {
		return this.broadcast;
	}

	/** The group a Redis channel carries, or {@code null} if it is not a group's channel under this prefix. */
	@Nullable String groupOf(String redisChannel) {
		return redisChannel.startsWith(this.groupPrefix) ? redisChannel.substring(this.groupPrefix.length()) : null;
	}

	/** The instance holding a consumer channel, or {@code null} if the name says none. */
	static @Nullable String instanceOf(String channel) {
		int separator = channel.indexOf(INSTANCE_SEPARATOR);
		return (separator > 0) ? channel.substring(0, separator) : null;
	}

	@Override
	public String toString() {
		return "RedisChannelNames[prefix=" + this.prefix + "]";
	}

}
