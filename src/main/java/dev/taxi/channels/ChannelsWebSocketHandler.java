package dev.taxi.channels;

import java.security.Principal;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * Ties each WebSocket connection to the channel layer: the handshake's principal and subprotocol
 * pick the user and the protocol version; frames in go to the {@link MessageDispatcher} one at a
 * time, frames out come from the connection's bounded queue. Abuse closes the connection: too
 * many messages (1008), a queue that overflows (1013); the frame size limit (1009) is enforced by
 * the server before a frame gets here.
 */
public final class ChannelsWebSocketHandler implements WebSocketHandler {

	private static final CloseStatus TOO_MANY_MESSAGES = CloseStatus.POLICY_VIOLATION.withReason("Too many messages");

	private final ChannelLayer layer;

	private final MessageDispatcher dispatcher;

	private final WireProtocols protocols;

	private final List<ConnectionListener> listeners;

	private final ChannelsProperties properties;

	private final MeterRegistry meters;

	private final Set<Connection> open = ConcurrentHashMap.newKeySet();

	public ChannelsWebSocketHandler(ChannelLayer layer, MessageDispatcher dispatcher, WireProtocols protocols,
			List<ConnectionListener> listeners, ChannelsProperties properties, MeterRegistry meters) {
		this.layer = layer;
		this.dispatcher = dispatcher;
		this.protocols = protocols;
		this.listeners = List.copyOf(listeners);
		this.properties = properties;
		this.meters = meters;
		meters.gaugeCollectionSize("taxi.ws.connections", Tags.empty(), this.open);
	}

	@Override
	public List<String> getSubProtocols() {
		return this.protocols.subprotocols();
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		return session.getHandshakeInfo()
			.getPrincipal()
			.flatMap((principal) -> serve(session, principal))
			// Security refuses unauthenticated handshakes; this is only a second lock on the door.
			.switchIfEmpty(Mono.defer(() -> session.close(CloseStatus.POLICY_VIOLATION)));
	}

	private Mono<Void> serve(WebSocketSession session, Principal principal) {
		WireProtocol protocol = this.protocols.forSubprotocol(session.getHandshakeInfo().getSubProtocol());
		Connection connection = new Connection(this.layer.newChannel(), principal, protocol, this.layer,
				this.properties.outboundQueue());
		return Mono.usingWhen(Mono.fromSupplier(() -> attach(connection)),
				(registration) -> traffic(session, connection),
				(registration) -> close(connection, registration));
	}

	private Disposable attach(Connection connection) {
		this.open.add(connection);
		return this.layer.attach(connection.channel(), connection::deliver);
	}

	private Mono<Void> traffic(WebSocketSession session, Connection connection) {
		Mono<Void> output = session.send(connection.outbound()
			.map((frame) -> new WebSocketMessage(WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(frame))));
		Mono<Void> input = Flux.fromIterable(this.listeners)
			.concatMap((listener) -> listener.onConnect(connection))
			.thenMany(handleFrames(session, connection))
			.then(Mono.fromRunnable(connection::completeOutbound));
		AtomicBoolean closeSent = new AtomicBoolean();
		Mono<Void> closing = connection.closeRequests().flatMap((status) -> {
			closeSent.set(true);
			this.meters.counter("taxi.ws.closed", "code", String.valueOf(status.getCode())).increment();
			return session.close(status);
		});
		// Sending the close frame ends the traffic; the close must still win, as cancelling it would
		// drop its frame (and code) when it was asked for off the connection's thread, as closeAll is.
		Mono<Void> traffic = Mono.when(input, output)
			.then(Mono.defer(() -> closeSent.get() ? Mono.<Void>never() : Mono.<Void>empty()));
		return Mono.firstWithSignal(traffic, closing);
	}

	private Flux<Void> handleFrames(WebSocketSession session, Connection connection) {
		MessageRateLimit rateLimit = new MessageRateLimit(this.properties.maxMessagesPerSecond(), System.nanoTime());
		return session.receive()
			// Read the payload now: the server releases a frame's buffer once it has been handed over.
			.map(ReceivedFrame::of)
			.<ReceivedFrame>handle((frame, sink) -> {
				if (rateLimit.tryAcquire(System.nanoTime())) {
					sink.next(frame);
				}
				else {
					connection.close(TOO_MANY_MESSAGES);
				}
			})
			.concatMap((frame) -> switch (frame.type()) {
				case TEXT -> this.dispatcher.dispatch(connection, frame.text());
				case BINARY -> this.dispatcher.refuseBinary(connection);
				default -> Mono.empty();
			});
	}

	private record ReceivedFrame(WebSocketMessage.Type type, String text) {

		static ReceivedFrame of(WebSocketMessage message) {
			return new ReceivedFrame(message.getType(),
					(message.getType() == WebSocketMessage.Type.TEXT) ? message.getPayloadAsText() : "");
		}

	}

	/** Asks every open connection to close, e.g. with 1001 when the server shuts down. */
	public void closeAll(CloseStatus status) {
		this.open.forEach((connection) -> connection.close(status));
	}

	public int openConnections() {
		return this.open.size();
	}

	private Mono<Void> close(Connection connection, Disposable registration) {
		return Flux.fromIterable(this.listeners)
			.concatMap((listener) -> listener.onDisconnect(connection).onErrorResume((ex) -> Mono.empty()))
			.thenMany(Flux.fromIterable(connection.groups())
				.concatMap((group) -> this.layer.groupDiscard(group, connection.channel()).onErrorResume((ex) -> Mono.empty())))
			.then(Mono.fromRunnable(() -> {
				registration.dispose();
				this.open.remove(connection);
			}));
	}

}
