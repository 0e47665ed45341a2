package dev.taxi.auth;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.taxi.channels.socket.Connection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * Ends what every user who was deactivated ({@code users.active} false, however it was set) or
 * deleted holds open on this instance: sockets close with 4403, event streams end. One sweep every
 * {@code taxi.auth.deactivation-check}: one query per thousand distinct users connected here asks
 * which of them are still active; the connections of the others are closed. Each instance sweeps
 * its own connections, so this needs nothing but the database all instances share, costs the same
 * for one socket of a user as for twenty, and, asking for the state rather than listening for
 * changes, misses nothing while the database or the instance was away.
 */
final class DeactivationWatch implements Deactivations, SmartLifecycle {

	static final CloseStatus DEACTIVATED = new CloseStatus(4403, "User deactivated");

	private static final Logger logger = LoggerFactory.getLogger(DeactivationWatch.class);

	private static final int BATCH = 1000;

	/** Per user, what they hold open and how to end it. */
	private final Map<Long, Map<Object, Runnable>> connected = new ConcurrentHashMap<>();

	private final UserRepository users;

	private final Duration every;

	private volatile @Nullable Disposable sweeps;

	private volatile boolean failing;

	DeactivationWatch(UserRepository users, Duration every) {
		this.users = users;
		this.every = every;
	}

	/** Watches a socket: it closes with 4403. */
	void watch(long userId, Connection connection) {
		watch(userId, connection, () -> connection.close(DEACTIVATED));
	}

	@Override
	public void watch(long userId, Object holder, Runnable end) {
		this.connected.compute(userId, (id, held) -> {
			Map<Object, Runnable> watched = (held != null) ? held : new ConcurrentHashMap<>();
			watched.put(holder, end);
			return watched;
		});
	}

	@Override
	public void forget(long userId, Object holder) {
		this.connected.computeIfPresent(userId, (id, held) -> {
			held.remove(holder);
			return held.isEmpty() ? null : held;
		});
	}

	/** Ends everything a user holds open on this instance. */
	void deactivated(long userId) {
		Map<Object, Runnable> held = this.connected.get(userId);
		if (held != null) {
			logger.info("User {} was deactivated: ending their {} connection(s) and stream(s)", userId, held.size());
			held.values().forEach(Runnable::run);
		}
	}

	/** Asks the database once which connected users are no longer active, and closes their connections. */
	Mono<Void> sweep() {
		List<Long> ids = List.copyOf(this.connected.keySet());
		return Flux.fromIterable(ids)
			.buffer(BATCH)
			.concatMap((batch) -> this.users.findActive(batch.toArray(Long[]::new))
				.collect(HashSet<Long>::new, Set::add)
				.doOnNext((active) -> batch.stream().filter((id) -> !active.contains(id)).forEach(this::deactivated)))
			.then()
			.doOnSuccess((done) -> {
				if (this.failing) {
					this.failing = false;
					logger.info("Checking connected users for deactivation again");
				}
			});
	}

	@Override
	public void start() {
		this.sweeps = Flux.interval(this.every, this.every)
			.onBackpressureDrop()
			.concatMap((tick) -> sweep().onErrorResume((ex) -> {
				if (!this.failing) {
					this.failing = true;
					logger.warn("Could not check connected users for deactivation; trying again every {}: {}",
							this.every, ex.toString());
				}
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable sweeps = this.sweeps;
		if (sweeps != null) {
			sweeps.dispose();
			this.sweeps = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.sweeps != null;
	}

}
