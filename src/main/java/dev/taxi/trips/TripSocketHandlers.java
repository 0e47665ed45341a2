package dev.taxi.trips;

import java.util.UUID;

import dev.taxi.auth.User;
import dev.taxi.auth.UserAuthentication;
import dev.taxi.channels.socket.Connection;
import dev.taxi.channels.socket.ConnectionListener;
import dev.taxi.channels.socket.InboundMessage;
import dev.taxi.channels.socket.On;
import dev.taxi.web.UnicodeText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The trip messages of the WebSocket protocol: each becomes a {@link TripService} call, which
 * decides, stores and publishes; a refusal becomes the sender's answer. The sending connection
 * follows the trips its user takes part in: it joins the trip's group before anyone hears of the
 * change (so it hears it once, with the others), and leaves it when its user is no longer part of it.
 */
@Component
class TripSocketHandlers implements ConnectionListener {

	private final TripService trips;

	TripSocketHandlers(TripService trips) {
		this.trips = trips;
	}

	/** Drivers follow the open requests; everyone follows their unfinished trips. */
	@Override
	public Mono<Void> onConnect(Connection connection) {
		User user = userOf(connection);
		Mono<Void> drivers = user.isDriver() ? connection.join(TripGroups.DRIVERS) : Mono.empty();
		return drivers.thenMany(this.trips.unfinishedTripGroups(user)).concatMap(connection::join).then();
	}

	@On("create.trip")
	Mono<Void> createTrip(Connection connection, InboundMessage message, CreateTrip data) {
		User rider = userOf(connection);
		return this.trips
			.request(rider, new TripService.TripRequest(data.pickUpAddress(), data.dropOffAddress(), data.rider()),
					follower(connection))
			.onErrorMap(TripRefusedException.class, TripRefusals::refusal)
			.doOnNext((trip) -> connection.reply(TripEvents.event(TripEvent.Kind.CREATED, trip), message.id()))
			.then();
	}

	@On("update.trip")
	Mono<Void> updateTrip(Connection connection, UpdateTrip data) {
		TripService.TripUpdate update = new TripService.TripUpdate(data.id(), data.status(), data.driver(), data.rider(),
				data.pickUpAddress(), data.dropOffAddress());
		return this.trips.advance(userOf(connection), update, follower(connection))
			.onErrorMap(TripRefusedException.class, TripRefusals::refusal)
			.then();
	}

	@On("cancel.trip")
	Mono<Void> cancelTrip(Connection connection, CancelTrip data) {
		return this.trips.cancel(userOf(connection), data.id(), follower(connection))
			.onErrorMap(TripRefusedException.class, TripRefusals::refusal)
			.then();
	}

	private static TripFollower follower(Connection connection) {
		User user = userOf(connection);
		return (trip) -> trip.hasParticipant(user) ? connection.join(trip.group()) : connection.leave(trip.group());
	}

	static User userOf(Connection connection) {
		return UserAuthentication.userOf(connection.principal());
	}

	/** {@code create.trip} data. {@code rider}, if given, must be the sender. */
	record CreateTrip(
			@NotBlank @Size(max = 255) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE)
			@Pattern(regexp = UnicodeText.WELL_FORMED, message = SURROGATE_MESSAGE) String pickUpAddress,
			@NotBlank @Size(max = 255) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE)
			@Pattern(regexp = UnicodeText.WELL_FORMED, message = SURROGATE_MESSAGE) String dropOffAddress,
			@Nullable Long rider) {
	}

	/** PostgreSQL cannot store U+0000 in text. */
	private static final String NO_NUL = "[^\\x00]*";

	private static final String NUL_MESSAGE = "must not contain null characters";

	private static final String SURROGATE_MESSAGE = "must not contain unpaired surrogates";

	/**
	 * {@code update.trip} data: the reference client sends the whole trip it holds, so fields a
	 * driver cannot change are accepted when they equal the stored trip, and others are ignored.
	 * The status is read as text, so that an unknown one is the service's to answer.
	 */
	record UpdateTrip(@NotNull UUID id, @NotNull String status, @Nullable Long driver, @Nullable Long rider,
			@Nullable String pickUpAddress, @Nullable String dropOffAddress) {
	}

	/** {@code cancel.trip} data. */
	record CancelTrip(@NotNull UUID id) {
	}

}
