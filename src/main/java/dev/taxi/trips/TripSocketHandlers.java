package dev.taxi.trips;

import java.util.UUID;

import dev.taxi.auth.PhotoLink;
import dev.taxi.auth.User;
import dev.taxi.auth.UserAuthentication;
import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.ChannelMessage;
import dev.taxi.channels.Connection;
import dev.taxi.channels.ConnectionListener;
import dev.taxi.channels.InboundMessage;
import dev.taxi.channels.On;
import dev.taxi.channels.Refusal;
import dev.taxi.channels.RefusalCode;
import dev.taxi.channels.WireProtocols;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The trip messages of the WebSocket protocol. Each handler lets {@link TripService} decide and
 * persist, then tells the groups: drivers hear of new requests, a trip's group hears of its
 * changes. A connection joins a trip's group before the update is sent to it, so it hears the
 * update once, through the group, even when it sent it.
 */
@Component
class TripSocketHandlers implements ConnectionListener {

	static final String DRIVERS = "drivers";

	private final TripService trips;

	private final ChannelLayer layer;

	private final WireProtocols protocols;

	TripSocketHandlers(TripService trips, ChannelLayer layer, WireProtocols protocols) {
		this.trips = trips;
		this.layer = layer;
		this.protocols = protocols;
	}

	/** Drivers follow the open requests; everyone follows their unfinished trips. */
	@Override
	public Mono<Void> onConnect(Connection connection) {
		User user = userOf(connection);
		Mono<Void> drivers = user.isDriver() ? connection.join(DRIVERS) : Mono.empty();
		return drivers.thenMany(this.trips.unfinishedTripGroups(user)).concatMap(connection::join).then();
	}

	@On("echo.message")
	Mono<Void> echo(Connection connection, InboundMessage message) {
		connection.reply(new EchoEvent(message.envelope()));
		return Mono.empty();
	}

	@On("create.trip")
	Mono<Void> createTrip(Connection connection, CreateTrip data) {
		User rider = userOf(connection);
		return this.trips.request(rider, new TripService.TripRequest(data.pickUpAddress(), data.dropOffAddress(), data.rider()))
			.onErrorMap(TripRefusedException.class, TripSocketHandlers::refusal)
			.flatMap((trip) -> connection.join(trip.group())
				.then(this.layer.groupSend(DRIVERS, encode(TripEvent.Kind.REQUESTED, trip)))
				.then(Mono.fromRunnable(() -> connection.reply(new TripEvent(TripEvent.Kind.CREATED, view(trip))))));
	}

	@On("update.trip")
	Mono<Void> updateTrip(Connection connection, UpdateTrip data) {
		User driver = userOf(connection);
		TripService.TripUpdate update = new TripService.TripUpdate(data.id(), data.status(), data.driver(), data.rider(),
				data.pickUpAddress(), data.dropOffAddress());
		return this.trips.advance(driver, update)
			.onErrorMap(TripRefusedException.class, TripSocketHandlers::refusal)
			.flatMap((trip) -> connection.join(trip.group())
				.then(this.layer.groupSend(trip.group(), encode(TripEvent.Kind.UPDATED, trip)))
				.then((trip.status() == TripStatus.STARTED)
						? this.layer.groupSend(DRIVERS, encode(TripEvent.Kind.TAKEN, trip)) : Mono.empty()));
	}

	/** Rendered once for every protocol version, however many connections receive it. */
	private ChannelMessage encode(TripEvent.Kind kind, Trip trip) {
		return this.protocols.encode(new TripEvent(kind, view(trip)));
	}

	private static Refusal refusal(TripRefusedException ex) {
		RefusalCode code = switch (ex.reason()) {
			case FORBIDDEN -> RefusalCode.FORBIDDEN;
			case NOT_FOUND -> RefusalCode.NOT_FOUND;
			case CONFLICT -> RefusalCode.CONFLICT;
		};
		Trip current = ex.current();
		return new Refusal(code, ex.getMessage(),
				(current != null) ? new TripEvent(TripEvent.Kind.CURRENT, view(current)) : null);
	}

	private static TripView view(Trip trip) {
		return TripView.of(trip, PhotoLink.PATH);
	}

	private static User userOf(Connection connection) {
		return UserAuthentication.userOf(connection.principal());
	}

	/** {@code create.trip} data. {@code rider}, if given, must be the sender. */
	record CreateTrip(@NotBlank @Size(max = 255) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String pickUpAddress,
			@NotBlank @Size(max = 255) @Pattern(regexp = NO_NUL, message = NUL_MESSAGE) String dropOffAddress,
			@Nullable Long rider) {
	}

	/** PostgreSQL cannot store U+0000 in text. */
	private static final String NO_NUL = "[^\\x00]*";

	private static final String NUL_MESSAGE = "must not contain null characters";

	/**
	 * {@code update.trip} data: the reference client sends the whole trip it holds, so fields a
	 * driver cannot change are accepted when they equal the stored trip, and others are ignored.
	 */
	record UpdateTrip(@NotNull UUID id, @NotNull TripStatus status, @Nullable Long driver, @Nullable Long rider,
			@Nullable String pickUpAddress, @Nullable String dropOffAddress) {
	}

}
