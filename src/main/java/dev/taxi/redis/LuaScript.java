package dev.taxi.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * A Lua script that answers an integer, run by its SHA-1 digest ({@code EVALSHA}) and sent in full
 * only when Redis does not know it yet (the first time, or after a restart).
 */
public final class LuaScript {

	private final String text;

	private final String digest;

	public LuaScript(String text) {
		this.text = text;
		try {
			this.digest = HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-1", ex);
		}
	}

	public Mono<Long> run(RedisReactiveCommands<String, String> redis, String key, String... arguments) {
		return run(redis, new String[] { key }, arguments);
	}

	@SafeVarargs
	public final <K, V> Mono<Long> run(RedisReactiveCommands<K, V> redis, K[] keys, V... arguments) {
		return redis.<Long>evalsha(this.digest, ScriptOutputType.INTEGER, keys, arguments)
			.onErrorResume(RedisNoScriptException.class,
					(ex) -> redis.<Long>eval(this.text, ScriptOutputType.INTEGER, keys, arguments))
			.next();
	}

}
