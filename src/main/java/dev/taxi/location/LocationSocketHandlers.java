package dev.taxi.location;

import java.util.UUID;

import dev.taxi.auth.User;
import dev.taxi.auth.UserAuthentication;
import dev.taxi.channels.socket.Connection;
import dev.taxi.channels.socket.ConnectionListener;
import dev.taxi.channels.socket.On;
import dev.taxi.channels.socket.SubscriptionListener;
import dev.taxi.channels.socket.TypedProtocol;
import dev.taxi.trips.Trip;
import dev.taxi.trips.TripRefusals;
import dev.taxi.trips.TripRefusedException;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * {@code update.location} from drivers; and the car's last position for a rider who connects,
 * or subscribes to a trip, while a driver is on the way.
 */
@Component
class LocationSocketHandlers implements ConnectionListener, SubscriptionListener {

	private final LocationRelay relay;

	LocationSocketHandlers(LocationRelay relay) {
		this.relay = relay;
	}

	@On("update.location")
	Mono<Void> update(Connection connection, UpdateLocation data) {
		return this.relay.update(userOf(connection), data.lat(), data.lng(), data.heading(), data.speed())
			.onErrorMap(TripRefusedException.class, TripRefusals::refusal);
	}

	/** Only v2 shows positions: a v1 rider's connect reads nothing for them. */
	@Override
	public Mono<Void> onConnect(Connection connection) {
		User user = userOf(connection);
		if (!user.isRider() || !TypedProtocol.NAME.equals(connection.protocol())) {
			return Mono.empty();
		}
		return this.relay.lastPositionsForRider(user).doOnNext((location) -> connection.reply(location, null)).then();
	}

	@Override
	public Mono<Void> onSubscribed(Connection connection, String model, String id) {
		User user = userOf(connection);
		if (!Trip.MODEL.equals(model) || !user.isRider()) {
			return Mono.empty();
		}
		return this.relay.lastPositionForRider(user, UUID.fromString(id))
			.doOnNext((location) -> connection.reply(location, null))
			.then();
	}

	private static User userOf(Connection connection) {
		return UserAuthentication.userOf(connection.principal());
	}

	/**
	 * {@code update.location} data: degrees, and metres per second. A number past every double
	 * ({@code 1e400}) reads as infinity, which JSON cannot carry to the riders: the largest double
	 * bounds the speed, which has no other maximum.
	 */
	record UpdateLocation(@NotNull @Within(min = -90, max = 90, message = "must be between -90 and 90") Double lat,
			@NotNull @Within(min = -180, max = 180, message = "must be between -180 and 180") Double lng,
			@Nullable @Within(min = 0, max = 360, maxInclusive = false,
					message = "must be at least 0 and less than 360") Double heading,
			@Nullable @Within(min = 0, max = Double.MAX_VALUE,
					message = "must be a finite number, at least 0") Double speed) {
	}

}
