package dev.taxi.channels;

import org.jspecify.annotations.Nullable;

/**
 * Names on Redis: a group's pub/sub channel {@code taxi:g:{group}}, an instance's own pub/sub
 * channel {@code taxi:i:{instanceId}}, and consumer channel names {@code {instanceId}!{random}}
 * that say which instance holds them. Nothing else of the layer lives on Redis.
 */
final class RedisChannelNames {

	private static final String GROUP_PREFIX = "taxi:g:";

	private static final String INSTANCE_PREFIX = "taxi:i:";

	static final char INSTANCE_SEPARATOR = '!';

	private RedisChannelNames() {
	}

	static String group(String group) {
		return GROUP_PREFIX + group;
	}

	static String instance(String instanceId) {
		return INSTANCE_PREFIX + instanceId;
	}

	/** The group a Redis channel carries, or {@code null} if it is not a group's channel. */
	static @Nullable String groupOf(String redisChannel) {
		return redisChannel.startsWith(GROUP_PREFIX) ? redisChannel.substring(GROUP_PREFIX.length()) : null;
	}

	/** The instance holding a consumer channel, or {@code null} if the name says none. */
	static @Nullable String instanceOf(String channel) {
		int separator = channel.indexOf(INSTANCE_SEPARATOR);
		return (separator > 0) ? channel.substring(0, separator) : null;
	}

}
