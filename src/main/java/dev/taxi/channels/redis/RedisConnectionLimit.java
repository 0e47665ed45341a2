package dev.taxi.channels.redis;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.taxi.channels.socket.ConnectionLimit;
import dev.taxi.channels.socket.ConnectionsPerUser;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;

/**
 * The per-user socket limit counted across every instance sharing one Redis (see
 * {@link SocketCountScripts} for what Redis holds). Each instance also counts its own sockets, and
 * never lets a user hold more than the limit on it: while Redis cannot be reached, the limit holds
 * per instance, and the counts this instance could not write are written again, as absolute
 * values, once it can. A heartbeat every third of the lease keeps this instance's counts alive; on
 * the way out it withdraws them at once.
 */
final class RedisConnectionLimit implements ConnectionLimit, SmartLifecycle {

	/** Stops after the web server has closed its WebSockets (see {@link RedisLink#PHASE}). */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/** How long a silent instance's counts still count. */
	static final Duration LEASE = Duration.ofSeconds(15);

	/** A user's hash outlives their last change by this long; it only ever bounds leftovers. */
	private static final Duration KEY_TTL = Duration.ofDays(1);

	/** A socket is not kept waiting longer than this for Redis to count it. */
	private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(1);

	private static final Logger logger = LoggerFactory.getLogger(RedisConnectionLimit.class);

	private final RedisClient client;

	private final String instanceId;

	private final int limit;

	private final Duration lease;

	private final ConnectionsPerUser local;

	private final String userKeyPrefix;

	private final String[] instancesKey;

	/** Users whose count on Redis may be wrong because a command failed or was never sent. */
	private final Set<String> unsynced = ConcurrentHashMap.newKeySet();

	private volatile @Nullable StatefulRedisConnection<String, String> redis;

	private volatile @Nullable Disposable heartbeat;

	private volatile boolean failing;

	private boolean stopped;

	RedisConnectionLimit(RedisClient client, String prefix, String instanceId, int limit, Duration lease) {
		this.client = client;
		this.instanceId = instanceId;
		this.limit = limit;
		this.lease = lease;
		this.local = new ConnectionsPerUser(limit);
		this.userKeyPrefix = prefix + ":sockets:";
		this.instancesKey = new String[] { prefix + ":instances" };
	}

	@Override
	public Mono<Boolean> tryOpen(String user) {
		return Mono.defer(() -> {
			if (!this.local.tryOpenNow(user)) {
				return Mono.just(false);
			}
			StatefulRedisConnection<String, String> redis = this.redis;
			if (redis == null) {
				this.unsynced.add(user);
				return Mono.just(true);
			}
			return SocketCountScripts.OPEN
				.run(redis, new String[] { this.userKeyPrefix + user, this.instancesKey[0] }, this.instanceId, String.valueOf(this.limit), millis(this.lease), millis(KEY_TTL))
				.timeout(OPEN_TIMEOUT)
				.map((opened) -> {
					if (opened == 1) {
						return true;
					}
					this.local.closed(user);
					return false;
				})
				.onErrorResume((ex) -> {
					// Counted here, within the limit on this instance: what Redis holds is put right later.
					failed(ex);
					this.unsynced.add(user);
					return Mono.just(true);
				});
		});
	}

	@Override
	public void closed(String user) {
		this.local.closed(user);
		StatefulRedisConnection<String, String> redis = this.redis;
		if (redis == null) {
			this.unsynced.add(user);
			return;
		}
		SocketCountScripts.CLOSE.run(redis, userKey(user), this.instanceId).subscribe(null, (ex) -> {
			failed(ex);
			this.unsynced.add(user);
		});
	}

	/** Beats, and writes again every count that may be wrong on Redis. */
	Mono<Void> beat() {
		return connection().flatMap((redis) -> SocketCountScripts.BEAT.run(redis, this.instancesKey, this.instanceId,
				millis(this.lease)).flatMap((forgotten) -> {
					Set<String> users = new HashSet<>(this.unsynced);
					if (forgotten == 1) {
						users.addAll(this.local.counts().keySet());
					}
					this.unsynced.removeAll(users);
					return Flux.fromIterable(users).flatMap((user) -> write(redis, user), 64).then();
				}))
			.doOnSuccess((done) -> {
				if (this.failing) {
					this.failing = false;
					logger.info("Counting sockets per user across instances again");
				}
			});
	}

	private Mono<Void> write(StatefulRedisConnection<String, String> redis, String user) {
		return SocketCountScripts.SET
			.run(redis, userKey(user), this.instanceId, String.valueOf(this.local.count(user)), millis(KEY_TTL))
			.then()
			.onErrorResume((ex) -> {
				failed(ex);
				this.unsynced.add(user);
				return Mono.empty();
			});
	}

	/** The connection, made on a thread that may wait if there is none yet; Lettuce keeps it up after that. */
	private Mono<StatefulRedisConnection<String, String>> connection() {
		StatefulRedisConnection<String, String> redis = this.redis;
		if (redis != null) {
			return Mono.just(redis);
		}
		return Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic());
	}

	private synchronized StatefulRedisConnection<String, String> connect() {
		if (this.stopped) {
			throw new IllegalStateException("Stopped");
		}
		StatefulRedisConnection<String, String> redis = this.redis;
		if (redis == null) {
			redis = this.client.connect(StringCodec.UTF8);
			this.redis = redis;
		}
		return redis;
	}

	private void failed(Throwable ex) {
		if (!this.failing) {
			this.failing = true;
			logger.warn("Could not count sockets per user on Redis; counting them on this instance until it answers: {}",
					ex.toString());
		}
	}

	private String[] userKey(String user) {
		return new String[] { this.userKeyPrefix + user };
	}

	private static String millis(Duration duration) {
		return String.valueOf(duration.toMillis());
	}

	@Override
	public void start() {
		Duration every = this.lease.dividedBy(3);
		// The first beat at once, so that this instance counts on Redis from its first socket.
		try {
			beat().block(every);
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
		this.heartbeat = Flux.interval(every, every)
			.onBackpressureDrop()
			.concatMap((tick) -> beat().timeout(every).onErrorResume((ex) -> {
				failed(ex);
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable heartbeat = this.heartbeat;
		if (heartbeat != null) {
			heartbeat.dispose();
			this.heartbeat = null;
		}
		StatefulRedisConnection<String, String> redis;
		synchronized (this) {
			this.stopped = true;
			redis = this.redis;
			this.redis = null;
		}
		if (redis != null) {
			try {
				SocketCountScripts.LEAVE.run(redis, this.instancesKey, this.instanceId).block(Duration.ofSeconds(2));
			}
			catch (RuntimeException ex) {
				logger.debug("Could not withdraw this instance's socket counts; they end with its lease", ex);
			}
			redis.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.heartbeat != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
