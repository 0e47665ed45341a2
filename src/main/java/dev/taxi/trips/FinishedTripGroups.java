package dev.taxi.trips;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.taxi.channels.ChannelsProperties;
import dev.taxi.channels.socket.Connection;
import dev.taxi.channels.socket.ConnectionListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Takes this instance's sockets out of the groups of trips that finished a while ago. Nothing is
 * said in a finished trip's group any more (its chat is closed too), but its members would stay in
 * it for as long as their socket lives: a driver on a long shift would hold the group of every trip
 * of the shift, here and in the Redis layer's subscriptions. Every sweep, one query per hundred
 * trips asks which of the trip groups held here belong to trips finished for longer than the
 * settle time (with the Redis layer, at least the outage grace and a resynchronisation more).
 */
@Component
class FinishedTripGroups implements ConnectionListener, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(FinishedTripGroups.class);

	private static final int BATCH = 100;

	/** More than a resynchronisation after an outage takes. */
	private static final Duration RESYNC_TIME = Duration.ofSeconds(30);

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private final TripRepository trips;

	private final FinishedTripGroupsProperties properties;

	private final Duration settle;

	private final Clock clock;

	private volatile @Nullable Disposable sweeps;

	FinishedTripGroups(TripRepository trips, FinishedTripGroupsProperties properties, ChannelsProperties channels,
			Clock clock) {
		this.trips = trips;
		this.properties = properties;
		this.settle = settle(properties, channels);
		this.clock = clock;
	}

	/**
	 * With the Redis layer, a trip that finished while Redis was away must keep its group until
	 * the outage is over and its members have been resynchronised (they may have missed its last
	 * events): an outage ends within the grace, after which every socket is closed anyway.
	 */
	private static Duration settle(FinishedTripGroupsProperties properties, ChannelsProperties channels) {
		if (channels.type() != ChannelsProperties.LayerType.REDIS) {
			return properties.settle();
		}
		Duration afterOutage = channels.redisOutageGrace().plus(RESYNC_TIME);
		return (properties.settle().compareTo(afterOutage) >= 0) ? properties.settle() : afterOutage;
	}

	@Override
	public Mono<Void> onConnect(Connection connection) {
		return Mono.fromRunnable(() -> this.connections.add(connection));
	}

	@Override
	public Mono<Void> onDisconnect(Connection connection) {
		return Mono.fromRunnable(() -> this.connections.remove(connection));
	}

	/** Leaves, on every socket here, the groups of trips finished for longer than the settle time. */
	Mono<Void> sweep() {
		Map<UUID, List<Connection>> members = new HashMap<>();
		for (Connection connection : this.connections) {
			for (String group : connection.groups()) {
				UUID trip = Trip.parseId(group);
				if (trip != null) {
					members.computeIfAbsent(trip, (id) -> new ArrayList<>()).add(connection);
				}
			}
		}
		return Flux.fromIterable(members.keySet())
			.buffer(BATCH)
			.concatMap((ids) -> this.trips.findFinishedBefore(ids, this.clock.instant().minus(this.settle)))
			.concatMap((trip) -> Flux.fromIterable(members.get(trip)).concatMap((connection) -> connection.leave(trip.toString())))
			.then();
	}

	@Override
	public void start() {
		this.sweeps = Flux.interval(this.properties.sweep(), this.properties.sweep())
			.onBackpressureDrop()
			.concatMap((tick) -> sweep().onErrorResume((ex) -> {
				logger.debug("Could not look for groups of finished trips; trying again at the next sweep", ex);
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
