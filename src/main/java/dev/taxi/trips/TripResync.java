package dev.taxi.trips;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.Gap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * After a {@link Gap}, tells this instance's members what they may have missed of trips, from the
 * database: every followed trip as it is now, to those of its followers here who take part in it
 * ({@code trip.updated}, or {@code trip.canceled}; v1 {@code echo.message}); and to the drivers
 * here every request still open and every request taken since the gap began
 * ({@code trip.requested}, {@code trip.taken}). Only this instance's members: every instance
 * resynchronises its own.
 *
 * <p>The trips are read under a row lock held until they have been handed to the members, so that
 * a change made meanwhile is stored, and so published, only afterwards: nobody hears a trip's
 * state after a newer one.
 */
@Component
class TripResync implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TripResync.class);

	/** Trips locked and read at once: a bound on the statement's parameters and on how long writers wait. */
	private static final int BATCH = 500;

	private final ChannelLayer layer;

	private final TripRepository trips;

	private final TripGroups groups;

	private final TransactionalOperator transactions;

	/** A database that is briefly away (it may have gone with Redis) gets a few more seconds. */
	private static final Retry RETRY = Retry.backoff(4, Duration.ofMillis(500));

	private volatile @Nullable Disposable watch;

	TripResync(ChannelLayer layer, TripRepository trips, TripGroups groups, TransactionalOperator transactions) {
		this.layer = layer;
		this.trips = trips;
		this.groups = groups;
		this.transactions = transactions;
	}

	Mono<Void> resync(Gap gap) {
		return Mono.defer(() -> {
			Set<String> groups = this.layer.localGroups();
			List<UUID> followed = groups.stream().map(Trip::parseId).filter(Objects::nonNull).sorted().toList();
			Mono<Void> followers = Flux.fromIterable(followed).buffer(BATCH).concatMap(this::tellFollowers).then();
			Mono<Void> drivers = groups.contains(TripGroups.DRIVERS) ? tellDrivers(gap) : Mono.empty();
			return followers.then(drivers);
		});
	}

	private Mono<Void> tellFollowers(List<UUID> ids) {
		return this.transactions.transactional(this.trips.lock(ids)
			.collectList()
			.flatMapMany(this.trips::findAll)
			.concatMap((trip) -> this.groups.toLocalParticipants(trip, TripEvents.event(
					(trip.status() == TripStatus.CANCELED) ? TripEvent.Kind.CANCELED : TripEvent.Kind.CURRENT, trip)))
			.then());
	}

	/**
	 * The requests drivers would have heard of since the gap began, each once, as it is now. A
	 * request cancelled meanwhile is not among them (finding those would read every cancelled
	 * trip): a driver who tries to accept it is told its state.
	 */
	private Mono<Void> tellDrivers(Gap gap) {
		return this.transactions.transactional(this.trips.lockRequestedOrStartedSince(gap.since())
			.collectList()
			.flatMapMany((ids) -> Flux.fromIterable(ids).buffer(BATCH))
			.concatMap(this.trips::findAll)
			.concatMap((trip) -> this.groups.toLocalDrivers(TripEvents.event(
					(trip.status() == TripStatus.REQUESTED) ? TripEvent.Kind.REQUESTED : TripEvent.Kind.TAKEN, trip)))
			.then());
	}

	@Override
	public void start() {
		this.watch = this.layer.gaps()
			.concatMap((gap) -> resync(gap).retryWhen(RETRY).onErrorResume((ex) -> {
				logger.warn("Could not resynchronise this instance's members with their trips after {}", gap, ex);
				return Mono.empty();
			}))
			.subscribe(null, (ex) -> logger.error("Stopped resynchronising members with their trips", ex));
	}

	@Override
	public void stop() {
		Disposable watch = this.watch;
		if (watch != null) {
			watch.dispose();
			this.watch = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.watch != null;
	}

}
