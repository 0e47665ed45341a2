package dev.taxi.test;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Prefixes for the Redis channel layer's names ({@code taxi.channels.redis-prefix}) that no one
 * else uses: Redis pub/sub ignores database numbers, so a test on the shared Redis with the default
 * prefix would hear a developer's server and other test runs (every instance's {@code drivers}
 * group, say), and they it. Instances that must talk to each other take the same one.
 */
public final class TestRedisPrefix {

	private TestRedisPrefix() {
	}

	/** A fresh prefix, {@code test-} and 16 random hex digits. */
	public static String unique() {
		return "test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
	}

	/** The command-line argument that gives an application this prefix. */
	public static String argument(String prefix) {
		return "--taxi.channels.redis-prefix=" + prefix;
	}

}
