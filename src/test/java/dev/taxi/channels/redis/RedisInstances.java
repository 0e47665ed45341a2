package dev.taxi.channels.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taxi.test.TestRedisPrefix;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Redis channel layers as separate "instances" in one JVM: each has its own connections and
 * instance id, all share one Redis and, unless told otherwise, one prefix of their own (see
 * {@link TestRedisPrefix}), so they hear each other and nobody else. Also asks Redis what it holds,
 * as an operator would.
 */
final class RedisInstances implements AutoCloseable {

	/** Come back quickly after a test restarted Redis. */
	private static final Duration RETRY = Duration.ofMillis(100);

	private static final Duration STARTUP = Duration.ofSeconds(10);

	private final ClientResources resources = DefaultClientResources.builder()
		.reconnectDelay(Delay.constant(RETRY))
		.build();

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> admin;

	private final RedisChannelNames names;

	private final List<Instance> instances = new CopyOnWriteArrayList<>();

	/** Instances on a prefix unique to this object. */
	RedisInstances(String uri) {
		this(uri, TestRedisPrefix.unique());
	}

	RedisInstances(String uri, String prefix) {
		this.names = new RedisChannelNames(prefix);
		RedisURI redisUri = RedisURI.create(uri);
		redisUri.setTimeout(Duration.ofSeconds(5));
		this.client = RedisClient.create(this.resources, redisUri);
		this.client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		this.admin = this.client.connect();
	}

	/** One instance of the server, as far as the channel layer goes. */
	record Instance(RedisChannelLayer layer, RedisLink link, SimpleMeterRegistry meters) {

		double meter(String name, String... tags) {
			var search = this.meters.find(name).tags(tags);
			if (search.counter() != null) {
				return search.counter().count();
			}
			if (search.functionCounter() != null) {
				return search.functionCounter().count();
			}
			return search.gauge().value();
		}

		/** Stops this instance the way a process exit does: its connections close. */
		void stop() {
			this.link.close();
		}

	}

	/** The names the instances use on Redis, to ask Redis about them. */
	RedisChannelNames names() {
		return this.names;
	}

	Instance start() {
		return start(this.names);
	}

	/** An instance of another deployment: same Redis, names of its own. */
	Instance start(RedisChannelNames names) {
		RedisLink link = new RedisLink(this.client, names, RedisChannelLayer.newInstanceId(), RETRY, Clock.systemUTC());
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		Instance instance = new Instance(new RedisChannelLayer(link, names, meters, Clock.systemUTC()), link, meters);
		this.instances.add(instance);
		link.start();
		link.reachability().filter((reachable) -> reachable).blockFirst(STARTUP);
		return instance;
	}

	/** How many connections Redis has subscribed to a channel. */
	long subscribers(String redisChannel) {
		Map<String, Long> counts = this.admin.sync().pubsubNumsub(redisChannel);
		return counts.getOrDefault(redisChannel, 0L);
	}

	/** How many subscriptions Redis holds to any of these channels, on any connection. */
	long subscribers(List<String> redisChannels) {
		return this.admin.sync().pubsubNumsub(redisChannels.toArray(String[]::new)).values().stream()
			.mapToLong(Long::longValue).sum();
	}

	@Override
	public void close() {
		this.instances.forEach(Instance::stop);
		this.admin.close();
		this.client.shutdown();
		this.resources.shutdown();
	}

}
