package dev.taxi.location;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taxi.redis.LuaScript;
import dev.taxi.redis.OnDemandRedisConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Last positions in Redis, one key per driver, each with its expiry. Every position is written, in
 * batches of one command: a position waits only while the batch before it is on its way, and
 * meanwhile a driver's newer position replaces it. With thousands of drivers reporting several
 * times a second, one command per position would cost the instance more than relaying it. A batch
 * that fails is not written again: the driver's next position is.
 */
final class RedisLastPositions implements LastPositions {

	private static final Logger logger = LoggerFactory.getLogger(RedisLastPositions.class);

	/** KEYS: the drivers' keys; ARGV: their positions, then the expiry (ms). */
	private static final LuaScript SET_ALL = new LuaScript("""
			local expiry = ARGV[#ARGV]
			for i, key in ipairs(KEYS) do
			  redis.call('SET', key, ARGV[i], 'PX', expiry)
			end
			return #KEYS
			""");

	private static final int MAX_BATCH = 500;

	private final OnDemandRedisConnection redis;

	private final String prefix;

	private final String expiryMillis;

	private final JsonMapper mapper;

	/**
	 * The latest position of each driver not written yet, as JSON: made by the reporting socket's
	 * thread, not by the Redis connection's single one, which writes the batches.
	 */
	private final Map<Long, String> unwritten = new ConcurrentHashMap<>();

	private final AtomicBoolean writing = new AtomicBoolean();

	RedisLastPositions(OnDemandRedisConnection redis, String prefix, Duration ttl, JsonMapper mapper) {
		this.redis = redis;
		this.prefix = prefix + ":location:";
		this.expiryMillis = Long.toString(ttl.toMillis());
		this.mapper = mapper;
	}

	/** Completes at once: the position is written with the next batch. */
	@Override
	public Mono<Void> put(long driverId, Position position) {
		this.unwritten.put(driverId, this.mapper.writeValueAsString(position));
		writeBatch();
		return Mono.empty();
	}

	@Override
	public Mono<Position> get(long driverId) {
		return this.redis.commands().flatMap((redis) -> redis.get(this.prefix + driverId))
			.map((json) -> this.mapper.readValue(json, Position.class));
	}

	/** Writes what is unwritten, unless a batch is on its way: its end writes the next. */
	private void writeBatch() {
		while (!this.unwritten.isEmpty() && this.writing.compareAndSet(false, true)) {
			List<String> keys = new ArrayList<>();
			List<String> arguments = new ArrayList<>();
			for (Iterator<Map.Entry<Long, String>> entries = this.unwritten.entrySet().iterator(); entries.hasNext()
					&& keys.size() < MAX_BATCH;) {
				Map.Entry<Long, String> entry = entries.next();
				if (this.unwritten.remove(entry.getKey(), entry.getValue())) {
					keys.add(this.prefix + entry.getKey());
					arguments.add(entry.getValue());
				}
			}
			if (keys.isEmpty()) {
				this.writing.set(false);
				continue;
			}
			arguments.add(this.expiryMillis);
			this.redis.commands()
				.flatMap((redis) -> SET_ALL.run(redis, keys.toArray(String[]::new), arguments.toArray(String[]::new)))
				.doFinally((signal) -> {
					this.writing.set(false);
					writeBatch();
				})
				.subscribe(null, (ex) -> logger.debug("Could not keep {} last positions in Redis", keys.size(), ex));
			return;
		}
	}

}
