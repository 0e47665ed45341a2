package dev.taxi.channels.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.taxi.channels.socket.Connection;
import dev.taxi.channels.socket.ConnectionAdmission;
import dev.taxi.redis.OnDemandRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * The per-user socket limit counted across every instance sharing one Redis (see
 * {@link SocketCountScripts} for what Redis holds). This instance's own limit has let a socket in
 * before it is asked here; every third of the lease it vouches again for each socket open on it,
 * so that the sockets of an instance killed without closing them stop counting one lease later.
 * While Redis does not answer, a socket is let in on this instance's count alone, and counted on
 * Redis with the next vouching that reaches it. A vouching names only sockets still open when it
 * is sent, and a closed socket is removed on the same Redis connection after that: it does not
 * come back.
 */
final class RedisConnectionCount implements ConnectionAdmission, SmartLifecycle {

	/** A socket is not kept waiting longer than this for Redis to count it. */
	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(1);


	private static final Logger logger = LoggerFactory.getLogger(RedisConnectionCount.class);

	private final OnDemandRedisConnection redis;

	private final String keyPrefix;

	private final int limit;

	private final Duration lease;

	/** Every socket open on this instance. */
	private final Map<Connection, Counted> open = new ConcurrentHashMap<>();


	private volatile @Nullable Disposable vouching;


	private volatile boolean failing;

	RedisConnectionCount(OnDemandRedisConnection redis, String prefix, int limit, Duration lease) {
		this.redis = redis;
		this.keyPrefix = prefix + ":sockets:";
		this.limit = limit;
		this.lease = lease;
	}

	@Override
	public Mono<Boolean> admit(Connection connection) {
		String user = connection.principal().getName();
		Counted counted = new Counted(user, connection.channel());
		this.open.put(connection, counted);
		return redis((redis) -> SocketCountScripts.OPEN.run(redis, key(user), leaseMillis(),
				String.valueOf(this.limit), counted.socket))
			.map((answer) -> {
				if (answer == 1) {
					return true;
				}
				this.open.remove(connection);
				return false;
			})
			// Let in on this instance's count: the next vouching counts it on Redis.
			.onErrorResume((ex) -> Mono.just(true));
	}

	@Override
	public Mono<Void> ended(Connection connection) {
		Counted counted = this.open.remove(connection);
		if (counted == null) {
			return Mono.empty();
		}
		counted.ended = true;
		return redis((redis) -> redis.zrem(key(counted.user), counted.socket)).then().onErrorResume((ex) -> Mono.empty());
	}

	/** Vouches once for every socket open on this instance, one script per user. */
	Mono<Void> vouch() {
		Map<String, List<Counted>> byUser = this.open.values()
			.stream()
			.collect(Collectors.groupingBy((counted) -> counted.user));
		return Flux.fromIterable(byUser.entrySet())
			.flatMap((entry) -> vouch(entry.getKey(), entry.getValue()), 64)
			.then()
			.doOnSuccess((done) -> {
				if (this.failing) {
					this.failing = false;
					logger.info("Counting sockets per user across instances again");
				}
			});
	}

	private Mono<Long> vouch(String user, List<Counted> sockets) {
		return redis((redis) -> {
			// Named as they are now, at sending: one closed meanwhile is left out.
			List<String> arguments = new ArrayList<>(List.of(leaseMillis()));
			sockets.stream().filter((counted) -> !counted.ended).forEach((counted) -> arguments.add(counted.socket));
			return SocketCountScripts.VOUCH.run(redis, key(user), arguments.toArray(String[]::new));
		});
	}

	private <T> Mono<T> redis(Function<RedisReactiveCommands<String, String>, Mono<T>> command) {
		return this.redis.commands().flatMap(command)
			.timeout(ANSWER_TIMEOUT)
			.doOnError(this::failed);
	}

	private void failed(Throwable ex) {
		if (!this.failing) {
			this.failing = true;
			logger.warn("Could not count sockets per user on Redis; counting them on this instance until it answers: {}",
					ex.toString());
		}
	}

	private String key(String user) {
		return this.keyPrefix + user;
	}

	private String leaseMillis() {
		return String.valueOf(this.lease.toMillis());
	}

	@Override
	public void start() {
		Duration every = this.lease.dividedBy(3);
		this.vouching = Flux.interval(every, every)
			.onBackpressureDrop()
			.concatMap((tick) -> vouch().onErrorResume((ex) -> Mono.empty()), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable vouching = this.vouching;
		if (vouching != null) {
			vouching.dispose();
			this.vouching = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.vouching != null;
	}

	@Override
	public int getPhase() {
		// After the web server has closed its sockets, each uncounted on Redis as it closed.
		return RedisLink.PHASE;
	}

	/** A socket open on this instance, until it {@code ended}. */
	private static final class Counted {

		final String user;

		final String socket;

		volatile boolean ended;

		Counted(String user, String socket) {
			this.user = user;
			this.socket = socket;
		}

	}

}
