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
 * Closes with 4403 the connections on this instance of every user who was deactivated
 * ({@code users.active} false, however it was set) or deleted. One sweep every
 * {@code taxi.auth.deactivation-check}: one query per thousand distinct users connected here asks
 * which of them are still active; the connections of the others are closed. Each instance sweeps
 * its own connections, so this needs nothing but the database all instances share, costs the same
 * for one socket of a user as for twenty, and, asking for the state rather than listening for
 * changes, misses nothing while the database or the instance was away.
 */
final class DeactivationWatch implements SmartLifecycle {

	static final CloseStatus DEACTIVATED = new CloseStatus(4403, "User deactivated");

	private static final Logger logger = LoggerFactory.getLogger(DeactivationWatch.class);

	private static final int BATCH = 1000;

	private final Map<Long, Set<Connection>> connected = new ConcurrentHashMap<>();

	private final UserRepository users;

	private final Duration every;

	private volatile @Nullable Disposable sweeps;

	private volatile boolean failing;

	DeactivationWatch(UserRepository users, Duration every) {
		this.users = users;
		this.every = every;
	}

	void watch(long userId, Connection connection) {
		this.connected.computeIfAbsent(userId, (id) -> ConcurrentHashMap.newKeySet()).add(connection);
	}

	void forget(long userId, Connection connection) {
		this.connected.computeIfPresent(userId, (id, connections) -> {
			connections.remove(connection);
			return connections.isEmpty() ? null : connections;
		});
	}

	/** Closes every connection of a user on this instance with 4403. */
	void deactivated(long userId) {
		Set<Connection> connections = this.connected.get(userId);
		if (connections != null) {
			logger.info("User {} was deactivated: closing their {} connection(s)", userId, connections.size());
			connections.forEach((connection) -> connection.close(DEACTIVATED));
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
