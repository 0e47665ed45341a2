package dev.taxi.channels.redis;

import dev.taxi.redis.LuaScript;

/**
 * The Lua scripts that count each user's WebSockets across instances, each atomic on Redis. A
 * user's sorted set {@code {prefix}:sockets:{username}} holds one member per open socket (its
 * channel name, unique across instances), scored with the last time its instance vouched for it,
 * in milliseconds of Redis's own clock (so the instances' clocks need not agree). Only members
 * vouched for within the lease count; older ones are removed whenever the set is touched.
 */
final class SocketCountScripts {

	private SocketCountScripts() {
	}

	private static final String NOW = """
			local time = redis.call('TIME')
			local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
			local lease = tonumber(ARGV[1])
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - lease))
			""";

	/**
	 * KEYS: the user's set; ARGV: the lease (ms), the limit, the socket. 1 and counted if the user's
	 * live sockets are below the limit (or it is counted already), else 0.
	 */
	static final LuaScript OPEN = new LuaScript(NOW + """
			if not redis.call('ZSCORE', KEYS[1], ARGV[3]) then
			  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
			    return 0
			  end
			end
			redis.call('ZADD', KEYS[1], now, ARGV[3])
			redis.call('PEXPIRE', KEYS[1], 2 * lease)
			return 1
			""");

	/**
	 * KEYS: the user's set; ARGV: the lease (ms), then the user's sockets open on this instance.
	 * Vouches for them, adding those Redis does not know (counted while it did not answer, or lost
	 * in a restart).
	 */
	static final LuaScript VOUCH = new LuaScript(NOW + """
			for i = 2, #ARGV do
			  redis.call('ZADD', KEYS[1], now, ARGV[i])
			end
			redis.call('PEXPIRE', KEYS[1], 2 * lease)
			return 0
			""");

}
