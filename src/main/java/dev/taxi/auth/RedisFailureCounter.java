package dev.taxi.auth;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taxi.redis.OnDemandRedisConnection;
import io.lettuce.core.ScriptOutputType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Counts shared by every instance: one Redis key per username and per address,
 * {@code {prefix}:login:{key}}, expiring with its window, and beside it {@code {key}:running}, the
 * attempts under way. Each step is one script, so that instances counting at once cannot outrun
 * the limit. While Redis does not answer, this instance
 * counts on its own (in memory) rather than refuse every log-in or let every one through.
 */
final class RedisFailureCounter implements FailureCounter {

	private static final Log logger = LogFactory.getLog(RedisFailureCounter.class);

	/** A log-in waits at most this long for Redis before it is counted in memory. */
	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	/** An attempt that never ended (its instance stopped) stops taking a place after this long. */
	private static final Duration RUNNING_AT_MOST = Duration.ofMinutes(1);

	/** 1 admitted, 0 full; or minus the milliseconds until a key at the limit expires. */
	private static final String ADMIT = """
			local limit = tonumber(ARGV[1])
			local refused, full = 0, false
			for _, key in ipairs(KEYS) do
			  local failed = tonumber(redis.call('GET', key) or '0')
			  if failed >= limit then
			    refused = math.max(refused, redis.call('PTTL', key), 1)
			  elseif failed + tonumber(redis.call('GET', key .. ':running') or '0') >= limit then
			    full = true
			  end
			end
			if refused > 0 then return -refused end
			if full then return 0 end
			for _, key in ipairs(KEYS) do
			  redis.call('INCR', key .. ':running')
			  redis.call('PEXPIRE', key .. ':running', ARGV[2])
			end
			return 1
			""";

	private static final String RELEASE = """
			for _, key in ipairs(KEYS) do
			  local running = key .. ':running'
			  if tonumber(redis.call('GET', running) or '0') > 1 then redis.call('DECR', running) else redis.call('DEL', running) end
			end
			return 0
			""";

	/** The highest failure count, this one included. */
	private static final String FAIL = """
			local highest = 0
			for _, key in ipairs(KEYS) do
			  local running = key .. ':running'
			  if tonumber(redis.call('GET', running) or '0') > 1 then redis.call('DECR', running) else redis.call('DEL', running) end
			  local count = redis.call('INCR', key)
			  if count == 1 or redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[1]) end
			  highest = math.max(highest, count)
			end
			return highest
			""";

	private final OnDemandRedisConnection redis;

	private final String prefix;

	private final String limit;

	private final String window;

	private final FailureCounter local;

	private final AtomicBoolean counting = new AtomicBoolean(true);

	RedisFailureCounter(OnDemandRedisConnection redis, String prefix, int limit, Duration window, FailureCounter local) {
		this.redis = redis;
		this.prefix = prefix + ":login:";
		this.limit = String.valueOf(limit);
		this.window = String.valueOf(window.toMillis());
		this.local = local;
	}

	@Override
	public Mono<Admission> admit(List<String> keys) {
		String[] names = keys.stream().map(this.prefix::concat).toArray(String[]::new);
		return run(ADMIT, names, this.limit, String.valueOf(RUNNING_AT_MOST.toMillis())).map((answer) -> {
			reachable();
			if (answer < 0) {
				return Admission.refused(Duration.ofMillis(-answer));
			}
			return (answer == 0) ? Admission.FULL
					: Admission.admitted(run(FAIL, names, this.window).onErrorReturn(0L),
							run(RELEASE, names).then().onErrorComplete());
		}).onErrorResume((ex) -> {
			unreachable(ex);
			return this.local.admit(keys);
		});
	}

	private Mono<Long> run(String script, String[] keys, String... arguments) {
		return this.redis.commands()
			.flatMap((commands) -> commands.<Long>eval(script, ScriptOutputType.INTEGER, keys, arguments).next())
			.timeout(TIMEOUT);
	}

	private void reachable() {
		if (this.counting.compareAndSet(false, true)) {
			logger.info("Redis answers again: failed log-ins are counted across instances again");
		}
	}

	private void unreachable(Throwable ex) {
		if (this.counting.compareAndSet(true, false)) {
			logger.warn("Redis does not answer (" + ex + "): failed log-ins are counted on this instance until it does");
		}
	}

}
