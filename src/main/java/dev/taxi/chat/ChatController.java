package dev.taxi.chat;

import dev.taxi.auth.PhotoLink;
import dev.taxi.auth.User;
import dev.taxi.trips.Trip;
import dev.taxi.trips.TripRefusals;
import dev.taxi.trips.TripRefusedException;
import dev.taxi.web.Problems;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/** A trip's chat history over REST, in pages: {@code ?after=<message id>&limit=N}. */
@RestController
class ChatController {

	private final ChatService chat;

	ChatController(ChatService chat) {
		this.chat = chat;
	}

	@GetMapping({ "/api/trip/{id}/messages", "/api/trip/{id}/messages/" })
	Flux<ChatEvent.Data> history(@AuthenticationPrincipal User user, @PathVariable String id,
			@RequestParam(required = false) @Nullable String after, @RequestParam(required = false) @Nullable String limit,
			ServerWebExchange exchange) {
		var tripId = Trip.parseId(id);
		if (tripId == null) {
			return Flux.error(Problems.of(HttpStatus.NOT_FOUND, "No such trip"));
		}
		long afterId = number("after", after, 0, 0);
		int pageSize = (int) Math.min(number("limit", limit, ChatService.MAX_PAGE, 1), ChatService.MAX_PAGE);
		PhotoLink photos = PhotoLink.absolute(exchange.getRequest().getURI());
		return this.chat.history(user, tripId, afterId, pageSize)
			.onErrorMap(TripRefusedException.class, TripRefusals::problem)
			.map((message) -> ChatEvent.Data.of(message, photos));
	}

	private static long number(String name, @Nullable String text, long fallback, long min) {
		if (text == null) {
			return fallback;
		}
		try {
			long value = Long.parseLong(text);
			if (value >= min) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below.
		}
		throw Problems.of(HttpStatus.BAD_REQUEST, "'" + name + "' must be a whole number of at least " + min);
	}

}
