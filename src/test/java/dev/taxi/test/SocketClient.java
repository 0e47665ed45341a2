package dev.taxi.test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real WebSocket client (Reactor Netty) playing a rider or a driver: what it sends goes out
 * over the socket, what arrives waits in a queue for the test to take, in order.
 */
public final class SocketClient implements AutoCloseable {

	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final Sinks.Many<Object> outbound = Sinks.many().unicast().onBackpressureBuffer();

	private final Sinks.One<CloseStatus> closed = Sinks.one();

	private final Sinks.One<Boolean> opened = Sinks.one();

	private final Disposable connection;

	private volatile boolean open;

	private volatile @Nullable String subprotocol;

	private SocketClient(URI uri, HttpHeaders headers, @Nullable String subprotocol) {
		ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient();
		org.springframework.web.reactive.socket.WebSocketHandler handler = new org.springframework.web.reactive.socket.WebSocketHandler() {

			@Override
			public java.util.List<String> getSubProtocols() {
				return (subprotocol != null) ? java.util.List.of(subprotocol) : java.util.List.of();
			}

			@Override
			public Mono<Void> handle(org.springframework.web.reactive.socket.WebSocketSession session) {
				SocketClient.this.subprotocol = session.getHandshakeInfo().getSubProtocol();
				SocketClient.this.open = true;
				SocketClient.this.opened.tryEmitValue(true);
				Mono<Void> input = session.receive()
					.doOnNext((message) -> SocketClient.this.received.add(message.getPayloadAsText()))
					.then();
				Mono<Void> output = session.send(SocketClient.this.outbound.asFlux().map((frame) -> (frame instanceof byte[] bytes)
						? session.binaryMessage((factory) -> factory.wrap(bytes)) : session.textMessage((String) frame)));
				session.closeStatus().subscribe((status) -> SocketClient.this.closed.tryEmitValue(status));
				return Mono.zip(input, output).then();
			}
		};
		this.connection = client.execute(uri, headers, handler)
			.doFinally((signal) -> {
				this.open = false;
				this.opened.tryEmitValue(false);
				this.closed.tryEmitValue(CloseStatus.NO_STATUS_CODE);
			})
			.subscribe(null, (error) -> this.opened.tryEmitValue(false));
	}

	/** Connects and waits for the handshake; fails the test if it is refused. */
	public static SocketClient connect(URI uri) {
		return connect(uri, new HttpHeaders());
	}

	/**
	 * Connects and waits until the server is done connecting: the handshake is answered before
	 * the server has joined the connection to its groups, and frames are handled only after that,
	 * so the answer to a first echo proves the connection now hears everything meant for it.
	 */
	public static SocketClient connect(URI uri, HttpHeaders headers) {
		return connect(uri, headers, null);
	}

	/**
	 * Connects asking for a subprotocol, checks that the server confirmed it, and waits until the
	 * server is done connecting (see {@link #connect(URI, HttpHeaders)}).
	 */
	public static SocketClient connect(URI uri, HttpHeaders headers, @Nullable String subprotocol) {
		SocketClient client = attempt(uri, headers, subprotocol);
		assertThat(client.isOpen()).as("handshake accepted for %s", uri).isTrue();
		assertThat(client.subprotocol()).as("subprotocol the server confirmed").isEqualTo(subprotocol);
		client.expectNothingElse();
		return client;
	}

	/** Tries to connect and reports whether the handshake was accepted. */
	public static SocketClient attempt(URI uri, HttpHeaders headers) {
		return attempt(uri, headers, null);
	}

	/** Tries to connect asking for a subprotocol. */
	public static SocketClient attempt(URI uri, HttpHeaders headers, @Nullable String subprotocol) {
		SocketClient client = new SocketClient(uri, headers, subprotocol);
		client.opened.asMono().block(TIMEOUT);
		return client;
	}

	/** The subprotocol the server confirmed in its handshake response, {@code null} for none. */
	public @Nullable String subprotocol() {
		return this.subprotocol;
	}

	public boolean isOpen() {
		return this.open;
	}

	public void send(String text) {
		this.outbound.tryEmitNext(text);
	}

	public void sendJson(Object message) {
		send(mapper.writeValueAsString(message));
	}

	public void send(String type, Object data) {
		sendJson(Map.of("type", type, "data", data));
	}

	public void sendBinary(byte[] bytes) {
		this.outbound.tryEmitNext(bytes);
	}

	/** The next frame, waiting up to {@link #TIMEOUT}; fails the test if none comes. */
	public JsonNode next() {
		String frame = nextText();
		return mapper.readTree(frame);
	}

	public String nextText() {
		try {
			String frame = this.received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(frame).as("a frame within %s", TIMEOUT).isNotNull();
			return frame;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Proves nothing else is on its way: sends an echo and expects it to be the very next frame.
	 * The server answers a connection's messages in order, so anything it had queued for this
	 * connection before would arrive first.
	 */
	public void expectNothingElse() {
		String marker = "nothing-else-" + System.nanoTime();
		send("echo.message", marker);
		JsonNode next = next();
		assertThat(next.path("data").asString()).as("next frame is the marker echo, not %s", next).isEqualTo(marker);
	}

	/** Whether the server answers an echo on this connection rather than closing it. */
	public boolean answersEcho() {
		send("echo.message", "are you there?");
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		try {
			while (System.nanoTime() < deadline) {
				if (this.received.poll(50, TimeUnit.MILLISECONDS) != null) {
					return true;
				}
				if (!this.open) {
					return false;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return false;
	}

	/** Waits for the server to close the connection and returns its status. */
	public CloseStatus awaitClose() {
		CloseStatus status = this.closed.asMono().block(TIMEOUT);
		assertThat(status).as("connection closed within %s", TIMEOUT).isNotNull();
		return status;
	}

	@Override
	public void close() {
		this.outbound.tryEmitComplete();
		this.connection.dispose();
	}

}
