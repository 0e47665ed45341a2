package dev.taxi.trips;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.taxi.auth.Deactivations;
import dev.taxi.auth.PhotoLink;
import dev.taxi.auth.User;
import dev.taxi.channels.BufferedChannel;
import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.ChannelMessage;
import dev.taxi.channels.socket.TypedProtocol;
import dev.taxi.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * One trip's v2 events as Server-Sent Events, for API consumers that hold no WebSocket: its
 * current state first ({@code trip.updated}), then every change, chat message and driver location
 * as the trip's WebSocket watchers hear them, a comment now and then so that proxies keep the
 * stream open, and the end once the trip is completed or cancelled, or its user deactivated. The
 * stream is a consumer of the channel layer like a socket, so it hears what any instance publishes.
 */
@RestController
class TripEventStreamController {

	private static final List<String> FINAL = List.of(TripStatus.COMPLETED.name(), TripStatus.CANCELED.name());

	private final TripService trips;

	private final ChannelLayer layer;

	private final JsonMapper mapper;

	private final EventStreamProperties properties;

	private final Deactivations deactivations;

	private final AtomicInteger open = new AtomicInteger();

	private final Counter dropped;

	TripEventStreamController(TripService trips, ChannelLayer layer, JsonMapper mapper, EventStreamProperties properties,
			Deactivations deactivations, MeterRegistry meters) {
		this.trips = trips;
		this.deactivations = deactivations;
		this.layer = layer;
		this.mapper = mapper;
		this.properties = properties;
		meters.gauge("taxi.sse.streams", this.open);
		this.dropped = meters.counter("taxi.sse.dropped");
	}

	/**
	 * The stream, or a problem detail if the user may not see the trip: refused before the stream
	 * starts, as an ordinary response in its own content type, whatever the client accepts.
	 */
	@GetMapping({ "/api/trip/{id}/events", "/api/trip/{id}/events/" })
	Mono<ResponseEntity<?>> events(@AuthenticationPrincipal User user, @PathVariable String id,
			ServerWebExchange exchange) {
		UUID tripId = Trip.parseId(id);
		Mono<Trip> visible = (tripId != null) ? this.trips.findVisible(user, tripId) : Mono.empty();
		return visible.<ResponseEntity<?>>map((trip) -> ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.body(Flux.usingWhen(
					BufferedChannel.open(this.layer, user.username(), List.of(trip.group()), this.properties.queue(),
							() -> cutOff(exchange)),
					(channel) -> stream(user, trip.id(), channel), (channel) -> Mono.fromRunnable(channel::close))))
			.defaultIfEmpty(Problems.entity(HttpStatus.NOT_FOUND, "No such trip", exchange.getRequest().getPath().value()));
	}

	private Flux<ServerSentEvent<String>> stream(User user, UUID tripId, BufferedChannel channel) {
		AtomicReference<Instant> shown = new AtomicReference<>(Instant.MIN);
		// Read once the channel hears the trip, so that no change falls between the two.
		Flux<TripEventFrame> current = this.trips.findVisible(user, tripId)
			.map((trip) -> currentState(trip))
			.flux();
		Flux<TripEventFrame> live = channel.messages().<TripEventFrame>handle((message, sink) -> {
			TripEventFrame frame = read(message);
			if (frame != null) {
				sink.next(frame);
			}
		});
		Flux<ServerSentEvent<String>> events = Flux.concat(current, live)
			// A change queued while the current state was read may be older than it: do not show it.
			.filter((frame) -> frame.updated() == null || !frame.updated().isBefore(shown.get()))
			.doOnNext((frame) -> {
				if (frame.updated() != null) {
					shown.set(frame.updated());
				}
			})
			.takeUntil(TripEventFrame::isFinal)
			.map((frame) -> ServerSentEvent.builder(frame.data()).event(frame.type()).build())
			// The connection is closed already (see cutOff): nothing more to say.
			.onErrorResume(BufferedChannel.Overflow.class, (ex) -> Flux.empty());
		// A reader that does not keep up needs no heartbeat: drop them rather than fail the stream
		// (Flux.interval fails when a tick finds no demand); the events' queue decides when to cut off.
		Flux<ServerSentEvent<String>> heartbeats = Flux.interval(this.properties.heartbeat())
			.onBackpressureDrop()
			.map((tick) -> ServerSentEvent.<String>builder().comment("keep-alive").build());
		// A user deactivated meanwhile hears no more: the stream ends (and a reconnect is refused).
		Sinks.Empty<Void> deactivated = Sinks.empty();
		return events.publish((shared) -> Flux.merge(shared, heartbeats.takeUntilOther(shared.then())))
			.takeUntilOther(deactivated.asMono())
			.doOnSubscribe((subscription) -> {
				this.open.incrementAndGet();
				this.deactivations.watch(user.id(), channel, deactivated::tryEmitEmpty);
			})
			.doFinally((signal) -> {
				this.open.decrementAndGet();
				this.deactivations.forget(user.id(), channel);
			});
	}

	/**
	 * Ends the stream of a reader too slow for its queue by closing its connection: what the
	 * server holds for it is dropped, rather than delivered once it reads again.
	 */
	private void cutOff(ServerWebExchange exchange) {
		this.dropped.increment();
		Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		if (request instanceof reactor.netty.Connection connection) {
			// Reset rather than close: what the kernel still holds for this reader is dropped too,
			// instead of trickling out to it for as long as it takes.
			connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
			connection.channel().close();
		}
	}

	private TripEventFrame currentState(Trip trip) {
		TripView view = TripView.of(trip, PhotoLink.PATH);
		TripEvent event = new TripEvent(TripEvent.Kind.UPDATED, view);
		return new TripEventFrame(event.type(), this.mapper.writeValueAsString(view), view.updated(),
				FINAL.contains(view.status().name()));
	}

	/**
	 * An event as v2 renders it, split into its type and its data; null if v2 does not show it.
	 * The data is cut out of the frame as it is, not parsed and written again: only trip events,
	 * a few per trip, are read further (when the trip changed, whether it ended).
	 */
	private @Nullable TripEventFrame read(ChannelMessage message) {
		byte[] frame = message.frame(TypedProtocol.NAME);
		if (frame == null) {
			return null;
		}
		String type = null;
		String data = null;
		try (JsonParser parser = this.mapper.createParser(frame)) {
			parser.nextToken();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				parser.nextToken();
				if ("type".equals(field)) {
					type = parser.getString();
				}
				else if ("data".equals(field)) {
					int start = (int) parser.currentTokenLocation().getByteOffset();
					parser.skipChildren();
					int end = (int) parser.currentLocation().getByteOffset();
					data = new String(frame, start, end - start, StandardCharsets.UTF_8);
				}
				else {
					parser.skipChildren();
				}
			}
		}
		if (type == null || data == null) {
			return null;
		}
		if (!type.startsWith("trip.")) {
			return new TripEventFrame(type, data, null, false);
		}
		JsonNode trip = this.mapper.readTree(data);
		return new TripEventFrame(type, data, Instant.parse(trip.path("updated").asString()),
				FINAL.contains(trip.path("status").asString()));
	}

	/** One event of the stream: its v2 type, its data as JSON, and for trip events when the trip last changed. */
	private record TripEventFrame(String type, String data, @Nullable Instant updated,
			boolean isFinal) {
	}

}
