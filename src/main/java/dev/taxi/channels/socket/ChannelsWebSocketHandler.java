package dev.taxi.channels.socket;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.ChannelsProperties;
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
 * many messages (1008), a frame over the size limit (1009), each after a refusal that says why; a
 * queue that overflows (1013) at once.
 */
public final class ChannelsWebSocketHandler implements WebSocketHandler {

	private static final CloseStatus TOO_MANY_MESSAGES = CloseStatus.POLICY_VIOLATION.withReason("Too many messages");

	private static final CloseStatus TOO_BIG = CloseStatus.TOO_BIG_TO_PROCESS.withReason("Frame too large");

	/** How long the frames before a close may take to go out before the close frame goes anyway. */
	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

	private static final CloseStatus TOO_MANY_CONNECTIONS = CloseStatus.POLICY_VIOLATION
		.withReason("Too many connections");

	private final ChannelLayer layer;

	private final MessageDispatcher dispatcher;

	private final WireProtocols protocols;

	private final List<ConnectionListener> listeners;

	private final ChannelsProperties properties;

	private final MeterRegistry meters;

	private final Set<Connection> open = ConcurrentHashMap.newKeySet();

	private final ConnectionsPerUser connectionsPerUser;

	private final ConnectionAdmission admission;

	private final FrameLimit frameLimit;

	ChannelsWebSocketHandler(ChannelLayer layer, MessageDispatcher dispatcher, WireProtocols protocols,
			List<ConnectionListener> listeners, ChannelsProperties properties, MeterRegistry meters,
			ConnectionAdmission admission) {
		this.layer = layer;
		this.dispatcher = dispatcher;
		this.protocols = protocols;
		this.listeners = List.copyOf(listeners);
		this.properties = properties;
		this.meters = meters;
		this.connectionsPerUser = new ConnectionsPerUser(properties.maxConnectionsPerUser());
		this.admission = admission;
		this.frameLimit = new FrameLimit(properties);
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
		if (!this.connectionsPerUser.tryOpen(principal.getName())) {
			this.meters.counter("taxi.ws.closed", "code", String.valueOf(TOO_MANY_CONNECTIONS.getCode())).increment();
			return session.close(TOO_MANY_CONNECTIONS);
		}
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
			.map((frame) -> new WebSocketMessage(WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(frame))))
			.cache();
		// Receive from the start, so no early frame is missed, but handle frames only once the
		// connection is admitted and the connect hooks (joining groups) are done.
		// An admission that fails leaves this instance's own limit, which let the connection in.
		Mono<Boolean> admitted = this.admission.admit(connection)
			.defaultIfEmpty(true)
			.onErrorReturn(true)
			.doOnNext((admit) -> {
				if (!admit) {
					connection.close(TOO_MANY_CONNECTIONS);
				}
			})
			.cache();
		Mono<Boolean> connected = admitted
			.flatMap((admit) -> admit ? Flux.fromIterable(this.listeners)
				.concatMap((listener) -> listener.onConnect(connection))
				.then(Mono.just(true)) : Mono.just(false))
			.cache();
		Mono<Void> input = Mono.when(connected, handleFrames(session, connection, connected))
			.then(Mono.fromRunnable(connection::completeOutbound));
		// A close the server asks for (abuse, shutdown) sends its close frame while traffic runs on;
		// traffic ends once the socket is closed, by either side.
		Mono<Void> closing = connection.closeRequests().flatMap((request) -> {
			this.meters.counter("taxi.ws.closed", "code", String.valueOf(request.status().getCode())).increment();
			Mono<Void> pending = request.afterPending()
					? output.onErrorResume((ex) -> Mono.empty()).timeout(DRAIN_TIMEOUT, Mono.empty()) : Mono.empty();
			return pending.then(session.close(request.status()));
		});
		return Mono.when(Mono.when(input, output).doFinally((signal) -> connection.endCloseRequests()), closing);
	}

	private Flux<Void> handleFrames(WebSocketSession session, Connection connection, Mono<Boolean> connected) {
		TokenBucket rateLimit = new TokenBucket(this.properties.maxMessagesPerSecond(), System.nanoTime());
		return session.receive()
			// Read the payload now: the server releases a frame's buffer once it has been handed over.
			.map((message) -> ReceivedFrame.of(message, this.frameLimit.bytes()))
			.<ReceivedFrame>handle((frame, sink) -> {
				if (connection.isClosing()) {
					return;
				}
				if (frame.size() > this.frameLimit.bytes()) {
					connection.refuseAndClose(new Refusal(RefusalCode.TOO_LARGE, "A frame may hold at most "
							+ this.frameLimit.bytes() + " bytes; this one held " + frame.size()), TOO_BIG);
				}
				else if (!rateLimit.tryAcquire(System.nanoTime())) {
					connection.refuseAndClose(new Refusal(RefusalCode.RATE_LIMITED, "More than "
							+ this.properties.maxMessagesPerSecond() + " messages per second"), TOO_MANY_MESSAGES);
				}
				else {
					sink.next(frame);
				}
			})
			// A client whose answers are still queued waits: its next frames are read only once they drain.
			// Detached once handled: concatMap keeps the last frame's whole chain (message, payload,
			// handler state) until the next frame comes, on every socket, for young collections to copy.
			.concatMap((frame) -> connected.flatMap((admitted) -> admitted
					? connection.roomForReplies().then(handle(connection, frame)) : Mono.empty())
				.onTerminateDetach());
	}

	private Mono<Void> handle(Connection connection, ReceivedFrame frame) {
		return switch (frame.type()) {
			case TEXT -> this.dispatcher.dispatch(connection, frame.text());
			case BINARY -> this.dispatcher.refuseBinary(connection);
			default -> Mono.empty();
		};
	}

	private record ReceivedFrame(WebSocketMessage.Type type, String text, int size) {

		/** A frame over the limit is refused unread: its text is not decoded. */
		static ReceivedFrame of(WebSocketMessage message, int limit) {
			int size = message.getPayload().readableByteCount();
			boolean text = message.getType() == WebSocketMessage.Type.TEXT && size <= limit;
			return new ReceivedFrame(message.getType(), text ? message.getPayloadAsText() : "", size);
		}

	}

	/**
	 * Closes every open connection, e.g. with 1001 when the server shuts down; completes once
	 * they are all closed.
	 */
	public Mono<Void> closeAll(CloseStatus status) {
		return Flux.fromIterable(List.copyOf(this.open)).flatMap((connection) -> {
			connection.close(status);
			return connection.finished();
		}).then();
	}

	public int openConnections() {
		return this.open.size();
	}

	private Mono<Void> close(Connection connection, Disposable registration) {
		return Flux.fromIterable(this.listeners)
			.concatMap((listener) -> listener.onDisconnect(connection).onErrorResume((ex) -> Mono.empty()))
			.thenMany(this.admission.ended(connection).onErrorResume((ex) -> Mono.empty()))
			.thenMany(Flux.fromIterable(connection.groups())
				.concatMap((group) -> this.layer.groupDiscard(group, connection.channel()).onErrorResume((ex) -> Mono.empty())))
			.then(Mono.fromRunnable(() -> {
				registration.dispose();
				this.open.remove(connection);
				this.connectionsPerUser.closed(connection.principal().getName());
				connection.markFinished();
			}));
	}

}
