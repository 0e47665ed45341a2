package dev.taxi.trips;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * Every rule about trips, for REST and WebSocket alike: who may see, request, accept and advance
 * which trip. The acting user always comes from authentication, never from the message. Changes
 * are durable when the returned {@code Mono} completes; callers publish only after that.
 */
@Service
public class TripService {

	private final TripRepository trips;

	private final IdGenerator ids;

	private final Clock clock;

	TripService(TripRepository trips, IdGenerator ids, Clock clock) {
		this.trips = trips;
		this.ids = ids;
		this.clock = clock;
	}

	/** A rider requests a trip. */
	public Mono<Trip> request(User rider, TripRequest request) {
		if (!rider.isRider()) {
			return Mono.error(new TripRefusedException(Reason.FORBIDDEN, "Only riders can request trips", null));
		}
		if (request.riderId() != null && request.riderId() != rider.id()) {
			return Mono.error(new TripRefusedException(Reason.FORBIDDEN, "A rider can only request trips for themselves", null));
		}
		UUID id = this.ids.generateId();
		Instant now = now();
		return this.trips.insert(id, now, request.pickUpAddress(), request.dropOffAddress(), rider.id())
			.thenReturn(new Trip(id, now, now, request.pickUpAddress(), request.dropOffAddress(), TripStatus.REQUESTED,
					rider, null));
	}

	/**
	 * A driver moves a trip to its next status: accepts it ({@code STARTED}), picks the rider up
	 * ({@code IN_PROGRESS}) or completes it ({@code COMPLETED}). Of drivers accepting the same
	 * trip at once exactly one wins; the others are refused with the trip as it now is.
	 */
	public Mono<Trip> advance(User driver, TripUpdate update) {
		return this.trips.findById(update.id())
			.switchIfEmpty(Mono.error(TripRefusedException::notFound))
			.flatMap((trip) -> {
				Trip shown = trip.isVisibleTo(driver) ? trip : null;
				if (!driver.isDriver()) {
					return refuse(Reason.FORBIDDEN, "Only drivers can update trips", shown);
				}
				String forbidden = forbiddenChange(driver, trip, update);
				if (forbidden != null) {
					return refuse(Reason.FORBIDDEN, forbidden, shown);
				}
				if (update.status() == TripStatus.STARTED && trip.driver() != null && !trip.status().isFinished()) {
					return lostAccept(trip);
				}
				if (!trip.status().canBecome(update.status())) {
					return refuse(Reason.CONFLICT,
							"A " + trip.status() + " trip cannot become " + update.status(), shown);
				}
				if (trip.status() == TripStatus.REQUESTED) {
					return accept(driver, trip);
				}
				if (!trip.isDrivenBy(driver)) {
					return refuse(Reason.FORBIDDEN, "Only the trip's driver can update it", shown);
				}
				return this.trips.advance(trip.id(), driver.id(), trip.status(), update.status(), now())
					.flatMap((advanced) -> reload(trip.id()).flatMap((current) -> advanced ? Mono.just(current)
							: refuse(Reason.CONFLICT, "The trip changed meanwhile", current.isVisibleTo(driver) ? current : null)));
			});
	}

	private Mono<Trip> accept(User driver, Trip trip) {
		return this.trips.accept(trip.id(), driver.id(), now())
			.flatMap((won) -> reload(trip.id()).flatMap((current) -> won ? Mono.just(current) : lostAccept(current)));
	}

	/** The loser of an accept may not see the trip any more, but is told who won, so its view corrects itself. */
	private static Mono<Trip> lostAccept(Trip current) {
		return refuse(Reason.CONFLICT, "Another driver accepted this trip first", current);
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

	private Mono<Trip> reload(UUID id) {
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
	 * stored trip; {@code driverId}, if given, must be the driver themselves.
	 */
	public record TripUpdate(UUID id, TripStatus status, @Nullable Long driverId, @Nullable Long riderId,
			@Nullable String pickUpAddress, @Nullable String dropOffAddress) {
	}

}
