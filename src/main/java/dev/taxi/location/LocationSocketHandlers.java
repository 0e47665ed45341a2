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
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
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
	record UpdateLocation(@NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
			@NotNull @DecimalMin("-180") @DecimalMax("180") Double lng,
			@Nullable @DecimalMin("0") @DecimalMax(value = "360", inclusive = false) Double heading,
			@Nullable @DecimalMin("0") @DecimalMax(value = FINITE, message = "must be a finite number") Double speed) {
	}

	private static final String FINITE = "1.7976931348623157E308";

}
