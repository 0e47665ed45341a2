package dev.taxi.trips;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

import dev.taxi.auth.User;
import dev.taxi.trips.TripRefusedException.Reason;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.util.IdGenerator;

/**
 * Every rule about trips, for REST and WebSocket alike: who may see, request, accept, advance,
 * cancel and give back which trip. The acting user always comes from authentication, never from
 * the message. Each change is stored by one conditional statement, so the database decides races;
 * once stored, the change is published (see {@link TripEvents}), and only then does the returned
 * {@code Mono} complete.
 */
@Service
public class TripService {

	private final TripRepository trips;

	private final TripEvents events;

	private final IdGenerator ids;

	private final Clock clock;

	private final OneChangeAtATime changes = new OneChangeAtATime();

	TripService(TripRepository trips, TripEvents events, IdGenerator ids, Clock clock) {
		this.trips = trips;
		this.events = events;
		this.ids = ids;
		this.clock = clock;
	}

	/** A rider requests a trip; every driver hears of it. */
	public Mono<Trip> request(User rider, TripRequest request, TripFollower follower) {
		if (!rider.isRider()) {
			return refuse(Reason.FORBIDDEN, "Only riders can request trips", null);
		}
		if (request.riderId() != null && request.riderId() != rider.id()) {
			return refuse(Reason.FORBIDDEN, "A rider can only request trips for themselves", null);
		}
		UUID id = this.ids.generateId();
		Instant now = now();
		Trip trip = new Trip(id, now, now, request.pickUpAddress(), request.dropOffAddress(), TripStatus.REQUESTED,
				rider, null);
		return this.trips.insert(id, now, request.pickUpAddress(), request.dropOffAddress(), rider.id())
			.then(publish(new TripChange(TripChange.Kind.REQUESTED, trip, trip), follower));
	}

	/**
	 * A driver moves a trip to its next status: accepts it ({@code STARTED}), picks the rider up
	 * ({@code IN_PROGRESS}) or completes it ({@code COMPLETED}). Of drivers accepting the same
	 * trip at once exactly one wins; the others are refused with the trip as it now is.
	 */
	public Mono<Trip> advance(User driver, TripUpdate update, TripFollower follower) {
		TripStatus target = TripStatus.parse(update.status());
		if (target == null) {
			return unknownStatus(driver, update);
		}
		return this.changes.run(update.id(), load(update.id())
			.flatMap((trip) -> checkAdvance(driver, trip, update, target))
			.flatMap((trip) -> (trip.status() == TripStatus.REQUESTED) ? accept(driver, trip) : moveOn(driver, trip, target))
			.flatMap((change) -> publish(change, follower)));
	}

	/** Refused, showing the trip if the driver may see it, so that a stale client corrects itself. */
	private Mono<Trip> unknownStatus(User driver, TripUpdate update) {
		String message = "Unknown status '" + update.status() + "': one of " + Arrays.toString(TripStatus.values());
		return findVisible(driver, update.id())
			.flatMap((trip) -> TripService.<Trip>refuse(Reason.BAD_REQUEST, message, trip))
			.switchIfEmpty(refuse(Reason.BAD_REQUEST, message, null));
	}

	private static Mono<Trip> checkAdvance(User driver, Trip trip, TripUpdate update, TripStatus target) {
		Trip shown = trip.isVisibleTo(driver) ? trip : null;
		if (!driver.isDriver()) {
			return refuse(Reason.FORBIDDEN, "Only drivers can update trips", shown);
		}
		String forbidden = forbiddenChange(driver, trip, update);
		if (forbidden != null) {
			return refuse(Reason.FORBIDDEN, forbidden, shown);
		}
		if (target == TripStatus.STARTED && trip.driver() != null && !trip.status().isFinished()) {
			return lostAccept(trip);
		}
		if (!trip.status().canBecome(target)) {
			return refuse(Reason.CONFLICT, "A " + trip.status() + " trip cannot become " + target, shown);
		}
		if (trip.status() != TripStatus.REQUESTED && !trip.isDrivenBy(driver)) {
			return refuse(Reason.FORBIDDEN, "Only the trip's driver can update it", shown);
		}
		return Mono.just(trip);
	}

	/*
	 * An accept, a move on and a give-back are each one UPDATE conditional on the status and the
	 * driver the change was decided on: when it updated the row, the row is that trip with the
	 * change, so it is not read again; when it did not, the trip is read to tell its user what
	 * happened meanwhile.
	 */

	private Mono<TripChange> accept(User driver, Trip trip) {
		Instant now = now();
		return this.trips.accept(trip.id(), driver.id(), now)
			.flatMap((won) -> won
					? Mono.just(new TripChange(TripChange.Kind.ACCEPTED, trip, trip.changed(TripStatus.STARTED, driver, now)))
					: load(trip.id()).flatMap(TripService::lostAccept));
	}

	private Mono<TripChange> moveOn(User driver, Trip trip, TripStatus target) {
		Instant now = now();
		return this.trips.advance(trip.id(), driver.id(), trip.status(), target, now)
			.flatMap((advanced) -> advanced
					? Mono.just(new TripChange(TripChange.Kind.ADVANCED, trip, trip.changed(target, trip.driver(), now)))
					: load(trip.id()).flatMap((current) -> changedMeanwhile(current, driver)));
	}

	/** The loser of an accept may not see the trip any more, but is told who won, so its view corrects itself. */
	private static <T> Mono<T> lostAccept(Trip current) {
		String message = (current.driver() != null) ? "Another driver accepted this trip first"
				: "The trip is " + current.status() + " and cannot be accepted";
		return refuse(Reason.CONFLICT, message, current);
	}

	private static @Nullable String forbiddenChange(User driver, Trip trip, TripUpdate update) {
		if (update.driverId() != null && update.driverId() != driver.id()) {
			return "A driver can only name themselves as driver";
		}
		if (update.riderId() != null && update.riderId() != trip.rider().id()) {
			return "A driver cannot change a trip's rider";
		}
		if (update.pickUpAddress() != null && !update.pickUpAddress().equals(trip.pickUpAddress())) {
			return "A driver cannot change a trip's pick-up address";
		}
		if (update.dropOffAddress() != null && !update.dropOffAddress().equals(trip.dropOffAddress())) {
			return "A driver cannot change a trip's drop-off address";
		}
		return null;
	}

	/**
	 * The rider cancels their trip before the pick-up, or its driver gives a {@code STARTED} trip
	 * back to the open requests. Racing an accept, another cancel or a give-back, exactly one
	 * wins: each is one update conditional on the status its user saw.
	 */
	public Mono<Trip> cancel(User user, UUID id, TripFollower follower) {
		return this.changes.run(id, findVisible(user, id)
			.switchIfEmpty(Mono.error(TripRefusedException::notFound))
			.flatMap((trip) -> {
				if (trip.isRiddenBy(user)) {
					return cancelByRider(user, trip);
				}
				if (trip.isDrivenBy(user)) {
					return giveBack(user, trip);
				}
				return refuse(Reason.FORBIDDEN, "Only the trip's rider can cancel it, and only its driver give it back", trip);
			})
			.flatMap((change) -> publish(change, follower)));
	}

	private Mono<TripChange> cancelByRider(User rider, Trip trip) {
		if (!trip.status().isCancelable()) {
			return refuse(Reason.CONFLICT, "A " + trip.status() + " trip cannot be canceled", trip);
		}
		// Conditional on the status alone, so the trip is read again: its driver may have changed meanwhile.
		return this.trips.cancel(trip.id(), trip.status(), now())
			.flatMap((canceled) -> load(trip.id()).flatMap((current) -> canceled
					? Mono.just(new TripChange(TripChange.Kind.CANCELED, trip, current)) : changedMeanwhile(current, rider)));
	}

	private Mono<TripChange> giveBack(User driver, Trip trip) {
		if (trip.status() != TripStatus.STARTED) {
			return refuse(Reason.CONFLICT, "Only a STARTED trip can be given back; this one is " + trip.status(), trip);
		}
		Instant now = now();
		return this.trips.giveBack(trip.id(), driver.id(), now)
			.flatMap((givenBack) -> givenBack
					? Mono.just(new TripChange(TripChange.Kind.GIVEN_BACK, trip, trip.changed(TripStatus.REQUESTED, null, now)))
					: load(trip.id()).flatMap((current) -> changedMeanwhile(current, driver)));
	}

	private static <T> Mono<T> changedMeanwhile(Trip current, User user) {
		return refuse(Reason.CONFLICT, "The trip changed meanwhile: it is " + current.status() + " now",
				current.isVisibleTo(user) ? current : null);
	}

	/** The follower follows the trip as the change left it, then everyone hears of the change. */
	private Mono<Trip> publish(TripChange change, TripFollower follower) {
		return follower.follow(change.after()).then(this.events.publish(change)).thenReturn(change.after());
	}

	/** The trips a user may see, newest first. */
	public Flux<Trip> visibleTo(User user) {
		return user.isDriver() ? this.trips.findForDriver(user.id()) : this.trips.findByRider(user.id());
	}

	/** One trip, if the user may see it; empty otherwise (existence is not revealed). */
	public Mono<Trip> findVisible(User user, UUID id) {
		return this.trips.findById(id).filter((trip) -> trip.isVisibleTo(user));
	}

	/** The groups of the unfinished trips a user rides or drives: what a connection of theirs follows. */
	public Flux<String> unfinishedTripGroups(User user) {
		return this.trips.findUnfinishedIds(user.id()).map(UUID::toString);
	}

	/** The trips on their way ({@code STARTED}, {@code IN_PROGRESS}) that a driver drives. */
	public Flux<Trip> activeTripsDrivenBy(long driverId) {
		return this.trips.findActiveDrivenBy(driverId);
	}

	/** The trips on their way ({@code STARTED}, {@code IN_PROGRESS}) that a rider rides. */
	public Flux<Trip> activeTripsRiddenBy(long riderId) {
		return this.trips.findActiveRiddenBy(riderId);
	}

	private Mono<Trip> load(UUID id) {
		return this.trips.findById(id).switchIfEmpty(Mono.error(TripRefusedException::notFound));
	}

	private static <T> Mono<T> refuse(Reason reason, String message, @Nullable Trip current) {
		return Mono.error(new TripRefusedException(reason, message, current));
	}

	private Instant now() {
		// The database keeps microseconds: answer with what is stored.
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/** What a rider asks for. {@code riderId}, if given, must be the rider themselves. */
	public record TripRequest(String pickUpAddress, String dropOffAddress, @Nullable Long riderId) {

		public TripRequest {
			Objects.requireNonNull(pickUpAddress, "pickUpAddress");
			Objects.requireNonNull(dropOffAddress, "dropOffAddress");
		}

	}

	/**
	 * What a driver sends. The fields a driver cannot change may be present, but must equal the
	 * stored trip; {@code driverId}, if given, must be the driver themselves. {@code status} is
	 * the name the client sent, which may name no status.
	 */
	public record TripUpdate(UUID id, String status, @Nullable Long driverId, @Nullable Long riderId,
			@Nullable String pickUpAddress, @Nullable String dropOffAddress) {
	}

}
