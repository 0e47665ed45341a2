package dev.taxi.chat;

import java.util.UUID;

import dev.taxi.auth.UserAuthentication;
import dev.taxi.channels.socket.Connection;
import dev.taxi.channels.socket.On;
import dev.taxi.trips.TripRefusals;
import dev.taxi.trips.TripRefusedException;
import jakarta.validation.constraints.NotNull;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * {@code chat.message {"trip_id", "text"}}: say something to the other side of one's trip. The
 * connection that says it follows the trip from then on (as one that changes a trip does), so that
 * it shows its own message and the answers, even if it was opened before the trip existed.
 */
@Component
class ChatSocketHandlers {

	private final ChatService chat;

	ChatSocketHandlers(ChatService chat) {
		this.chat = chat;
	}

	@On("chat.message")
	Mono<Void> post(Connection connection, ChatPost data) {
		return this.chat
			.post(UserAuthentication.userOf(connection.principal()), data.tripId(), data.text(),
					(trip) -> connection.join(trip.group()))
			.onErrorMap(TripRefusedException.class, TripRefusals::refusal)
			.then();
	}

	record ChatPost(@NotNull UUID tripId, @NotNull String text) {
	}

}
