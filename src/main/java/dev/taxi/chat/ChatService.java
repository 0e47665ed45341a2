package dev.taxi.chat;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.taxi.auth.User;
import dev.taxi.trips.Trip;
import dev.taxi.trips.TripFollower;
import dev.taxi.trips.TripGroups;
import dev.taxi.trips.TripRefusedException.Reason;
import dev.taxi.trips.TripRefusedException;
import dev.taxi.trips.TripService;
import dev.taxi.web.UnicodeText;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * A trip's chat: its rider and its driver talk once the trip has a driver and until it is over.
 * A message is stored, then delivered to both through the trip's group.
 */
@Service
public class ChatService {

	/** The longest message, in code points. */
	public static final int MAX_LENGTH = 2000;

	private final TripService trips;

	private final ChatRepository messages;

	private final TripGroups groups;

	private final Clock clock;

	ChatService(TripService trips, ChatRepository messages, TripGroups groups, Clock clock) {
		this.trips = trips;
		this.messages = messages;
		this.groups = groups;
		this.clock = clock;
	}

	/** The largest page of history one request gets. */
	public static final int MAX_PAGE = 200;

	/**
	 * A page of a trip's chat, oldest first: the messages after {@code afterId}, at most
	 * {@code limit} (and at most {@link #MAX_PAGE}). Only its rider and its driver may read it.
	 */
	public Flux<ChatMessage> history(User user, UUID tripId, long afterId, int limit) {
		return this.trips.findVisible(user, tripId)
			.filter((trip) -> trip.hasParticipant(user))
			.switchIfEmpty(refuse(Reason.NOT_FOUND, "No such trip"))
			.flatMapMany((trip) -> this.messages.findByTrip(trip.id(), afterId, Math.min(limit, MAX_PAGE)));
	}

	/**
	 * Stores a message of the trip's rider or driver, then has {@code follower} follow the trip
	 * and delivers the message to both.
	 */
	public Mono<ChatMessage> post(User sender, UUID tripId, String text, TripFollower follower) {
		int length = text.codePointCount(0, text.length());
		if (length < 1 || length > MAX_LENGTH) {
			return refuse(Reason.BAD_REQUEST, "text: must be 1 to " + MAX_LENGTH + " characters long, was " + length);
		}
		if (text.indexOf('\u0000') >= 0) {
			return refuse(Reason.BAD_REQUEST, "text: must not contain null characters");
		}
		if (!UnicodeText.isWellFormed(text)) {
			return refuse(Reason.BAD_REQUEST, "text: must not contain unpaired surrogates");
		}
		return this.trips.findVisible(sender, tripId)
			.filter((trip) -> trip.hasParticipant(sender))
			.switchIfEmpty(refuse(Reason.NOT_FOUND, "No such trip"))
			.flatMap((trip) -> checkOpen(trip).then(store(trip, sender, text, follower)));
	}

	private static Mono<Void> checkOpen(Trip trip) {
		if (trip.driver() == null) {
			return refuse(Reason.CONFLICT, "The chat opens once a driver accepted the trip");
		}
		if (trip.status().isFinished()) {
			return refuse(Reason.CONFLICT, "The trip is " + trip.status() + ": its chat is closed");
		}
		return Mono.empty();
	}

	private Mono<ChatMessage> store(Trip trip, User sender, String text, TripFollower follower) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		return this.messages.insert(trip.id(), sender.id(), text, now)
			.map((id) -> new ChatMessage(id, trip.id(), sender, text, now))
			.flatMap((message) -> follower.follow(trip)
				.then(this.groups.toParticipants(trip, ChatEvent.of(message)))
				.thenReturn(message));
	}

	private static <T> Mono<T> refuse(Reason reason, String message) {
		return Mono.error(new TripRefusedException(reason, message, null));
	}

}
