package dev.taxi.channels.redis;

/**
 * The Lua scripts that count each user's WebSockets across instances, each one atomic on Redis.
 * A user's hash {@code {prefix}:sockets:{user}} holds, per instance id, how many sockets the user
 * has open on that instance; the sorted set {@code {prefix}:instances} holds each instance's last
 * heartbeat, in milliseconds of Redis's own clock (so instances' clocks need not agree). A count
 * whose instance has not beaten within the lease no longer counts, and is removed the next time
 * its user opens a socket: an instance that died without a word locks nobody out for longer.
 */
final class SocketCountScripts {

	private SocketCountScripts() {
	}

	private static final String NOW = """
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			""";

	/**
	 * KEYS: the user's hash, the instances; ARGV: this instance, the limit, the lease and the
	 * hash's expiry (ms). 1 and counted if the user's live sockets are below the limit, else 0.
	 */
	static final LuaScript OPEN = new LuaScript(NOW + """
			local alive = now - tonumber(ARGV[3])
			local total = 0
			local counts = redis.call('HGETALL', KEYS[1])
			for i = 1, #counts, 2 do
			  local beat = redis.call('ZSCORE', KEYS[2], counts[i])
			  if counts[i] == ARGV[1] or (beat and tonumber(beat) >= alive) then
			    total = total + tonumber(counts[i + 1])
			  else
			    redis.call('HDEL', KEYS[1], counts[i])
			  end
			end
			if total >= tonumber(ARGV[2]) then
			  return 0
			end
			redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
			redis.call('PEXPIRE', KEYS[1], ARGV[4])
			return 1
			""");

	/** KEYS: the user's hash; ARGV: this instance. Counts one socket less. */
	static final LuaScript CLOSE = new LuaScript("""
			if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then
			  redis.call('HDEL', KEYS[1], ARGV[1])
			end
			return 0
			""");

	/**
	 * KEYS: the user's hash; ARGV: this instance, its count of the user's sockets, the hash's expiry
	 * (ms). Writes the count as this instance knows it, whatever Redis held.
	 */
	static final LuaScript SET = new LuaScript("""
			if tonumber(ARGV[2]) > 0 then
			  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
			  redis.call('PEXPIRE', KEYS[1], ARGV[3])
			else
			  redis.call('HDEL', KEYS[1], ARGV[1])
			end
			return 0
			""");

	/**
	 * KEYS: the instances; ARGV: this instance, the lease (ms). Records this instance's heartbeat and
	 * forgets instances silent for longer than the lease. 1 if this instance was unknown or had been
	 * silent too long (its counts may have been removed, or Redis lost everything): it must write
	 * them again; else 0.
	 */
	static final LuaScript BEAT = new LuaScript(NOW + """
			local alive = now - tonumber(ARGV[2])
			local previous = redis.call('ZSCORE', KEYS[1], ARGV[1])
			redis.call('ZADD', KEYS[1], now, ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. alive)
			redis.call('PEXPIRE', KEYS[1], 10 * tonumber(ARGV[2]))
			if previous and tonumber(previous) >= alive then
			  return 0
			end
			return 1
			""");

	/** KEYS: the instances; ARGV: this instance. Its counts stop counting at once. */
	static final LuaScript LEAVE = new LuaScript("""
			redis.call('ZREM', KEYS[1], ARGV[1])
			return 0
			""");

}
