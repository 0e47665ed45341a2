package dev.taxi.trips;

import java.util.UUID;

import dev.taxi.auth.PhotoLink;
import dev.taxi.auth.User;
import dev.taxi.web.Problems;
import dev.taxi.web.V1Exception;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The trips a user may see, over REST, as the reference serves them; and cancelling one, by the
 * same rules and with the same events as {@code cancel.trip} over WebSocket.
 */
@RestController
class TripController {

	private final TripService trips;

	TripController(TripService trips) {
		this.trips = trips;
	}

	@GetMapping({ "/api/trip", "/api/trip/" })
	Flux<TripView> list(@AuthenticationPrincipal User user, ServerWebExchange exchange) {
		PhotoLink photos = PhotoLink.absolute(exchange.getRequest().getURI());
		return this.trips.visibleTo(user).map((trip) -> TripView.of(trip, photos));
	}

	@GetMapping({ "/api/trip/{id}", "/api/trip/{id}/" })
	Mono<TripView> get(@AuthenticationPrincipal User user, @PathVariable String id, ServerWebExchange exchange) {
		PhotoLink photos = PhotoLink.absolute(exchange.getRequest().getURI());
		return parse(id).flatMap((uuid) -> this.trips.findVisible(user, uuid))
			.map((trip) -> TripView.of(trip, photos))
			.switchIfEmpty(Mono.error(V1Exception::notFound));
	}

	@PostMapping({ "/api/trip/{id}/cancel", "/api/trip/{id}/cancel/" })
	Mono<TripView> cancel(@AuthenticationPrincipal User user, @PathVariable String id, ServerWebExchange exchange) {
		PhotoLink photos = PhotoLink.absolute(exchange.getRequest().getURI());
		return parse(id).switchIfEmpty(Mono.error(() -> Problems.of(HttpStatus.NOT_FOUND, "No such trip")))
			.flatMap((uuid) -> this.trips.cancel(user, uuid, TripFollower.NONE))
			.onErrorMap(TripRefusedException.class, TripRefusals::problem)
			.map((trip) -> TripView.of(trip, photos));
	}

	/** A malformed id names no trip: 404, as for any other trip one may not see. */
	private static Mono<UUID> parse(String id) {
		return Mono.justOrEmpty(Trip.parseId(id));
	}

}
