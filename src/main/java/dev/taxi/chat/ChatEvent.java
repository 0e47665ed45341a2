package dev.taxi.chat;

import java.time.Instant;
import java.util.UUID;

import dev.taxi.auth.PhotoLink;
import dev.taxi.auth.UserView;
import dev.taxi.channels.socket.TypedEvent;

/** {@code chat.message} to the trip's rider and driver; v1 does not show it. */
record ChatEvent(Data data) implements TypedEvent {

	static ChatEvent of(ChatMessage message) {
		return new ChatEvent(new Data(message.id(), message.tripId(), UserView.of(message.sender(), PhotoLink.PATH),
				message.text(), message.created()));
	}

	@Override
	public String type() {
		return "chat.message";
	}

	record Data(long id, UUID tripId, UserView sender, String text, Instant created) {
	}

}
