package dev.taxi.fuzz;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * A WebSocket client that sends frames exactly as generated (invalid UTF-8 in text frames,
 * fragments, control frames: Reactor Netty writes a frame's bytes without checking them), and
 * collects what the server sends. Nothing on its event loop waits: frames go to a queue, and a
 * marker's answer completes a future the test thread waits on.
 */
final class FuzzSocket implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final String MARKER = "fuzz-marker-";

	private static final AtomicLong markers = new AtomicLong();

	private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();

	private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

	private final Map<String, CompletableFuture<Void>> pendingMarkers = new ConcurrentHashMap<>();

	private final CompletableFuture<@Nullable String> opened = new CompletableFuture<>();

	private final CompletableFuture<Integer> closed = new CompletableFuture<>();

	private final boolean v2;

	private final String name;

	private final Disposable connection;

	/** One frame from the server: its text, or {@code null} with its bytes if they are not UTF-8. */
	record Received(@Nullable String text, byte[] bytes, boolean binary) {
	}

	private FuzzSocket(URI uri, @Nullable String subprotocol, String name) {
		this.v2 = subprotocol != null;
		this.name = name;
		WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder().maxFramePayloadLength(16 * 1024 * 1024);
		if (subprotocol != null) {
			spec.protocols(subprotocol);
		}
		this.connection = HttpClient.create()
			.websocket(spec.build())
			.uri(uri)
			.handle((in, out) -> {
				this.opened.complete(in.selectedSubprotocol());
				in.receiveCloseStatus().subscribe((status) -> this.closed.complete(status.code()));
				Mono<Void> reading = in.aggregateFrames(16 * 1024 * 1024).receiveFrames().doOnNext(this::receive).then();
				Mono<Void> writing = out.sendObject(this.outbound.asFlux()).then();
				return Mono.when(reading, writing);
			})
			.doFinally((signal) -> {
				this.opened.complete(null);
				this.closed.complete(-1);
			})
			.subscribe(null, (error) -> {
				this.opened.completeExceptionally(error);
				this.closed.complete(-1);
			});
	}

	/** Opens a socket; v2 if {@code subprotocol} is given, checked to be confirmed by the server. */
	static FuzzSocket open(URI uri, @Nullable String subprotocol, String name) {
		FuzzSocket socket = new FuzzSocket(uri, subprotocol, name);
		String confirmed = await(socket.opened, "handshake of " + name);
		if (subprotocol != null && !subprotocol.equals(confirmed)) {
			throw new IllegalStateException(name + ": the server confirmed subprotocol " + confirmed + ", not " + subprotocol);
		}
		return socket;
	}

	String name() {
		return this.name;
	}

	boolean isV2() {
		return this.v2;
	}

	void send(Frame frame) {
		List<byte[]> parts = frame.parts();
		switch (frame.kind()) {
			case TEXT -> emit(new TextWebSocketFrame(wrap(parts.get(0))));
			case BINARY -> emit(new BinaryWebSocketFrame(wrap(parts.get(0))));
			case PING -> emit(new PingWebSocketFrame(wrap(parts.get(0))));
			case PONG -> emit(new PongWebSocketFrame(wrap(parts.get(0))));
			case FRAGMENTED_TEXT -> {
				emit(new TextWebSocketFrame(parts.size() == 1, 0, wrap(parts.get(0))));
				for (int i = 1; i < parts.size(); i++) {
					emit(new ContinuationWebSocketFrame(i == parts.size() - 1, 0, wrap(parts.get(i))));
				}
			}
		}
	}

	private static ByteBuf wrap(byte[] bytes) {
		return Unpooled.wrappedBuffer(bytes);
	}

	private void emit(WebSocketFrame frame) {
		synchronized (this.outbound) {
			Sinks.EmitResult result = this.outbound.tryEmitNext(frame);
			if (result.isFailure()) {
				frame.release();
			}
		}
	}

	/**
	 * Sends a message the server must answer (v2: {@code ping} with an id, answered by a
	 * {@code pong} carrying it as {@code ref}; v1: an echo), and returns a future completed by
	 * that answer. The server handles a connection's frames in order, so the answer also says
	 * that everything sent before was handled.
	 */
	CompletableFuture<Void> sendMarker() {
		String marker = MARKER + markers.incrementAndGet();
		CompletableFuture<Void> answered = new CompletableFuture<>();
		this.pendingMarkers.put(marker, answered);
		String text = this.v2 ? "{\"type\":\"ping\",\"id\":\"" + marker + "\"}"
				: "{\"type\":\"echo.message\",\"data\":\"" + marker + "\"}";
		emit(new TextWebSocketFrame(text));
		return answered;
	}

	/**
	 * Sends a marker and waits for its answer.
	 * @return {@code null} if it came, else what happened instead
	 */
	@Nullable String roundTrip() {
		CompletableFuture<Void> answered = sendMarker();
		try {
			CompletableFuture.anyOf(answered, this.closed).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			return "no answer to a " + (this.v2 ? "ping" : "echo") + " within " + TIMEOUT + " (the socket is stuck)";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		catch (ExecutionException ex) {
			return "failed: " + ex.getCause();
		}
		if (answered.isDone()) {
			return null;
		}
		return "the server closed the socket with " + this.closed.getNow(-1);
	}

	/** Takes every frame received so far. */
	List<Received> drain() {
		List<Received> frames = new ArrayList<>();
		Received frame;
		while ((frame = this.received.poll()) != null) {
			frames.add(frame);
		}
		return frames;
	}

	boolean isClosed() {
		return this.closed.isDone();
	}

	/** The close code the server sent, waiting for it; -1 if the connection ended without one. */
	int awaitClose() {
		return await(this.closed, "close of " + this.name);
	}

	private void receive(WebSocketFrame frame) {
		if (!(frame instanceof TextWebSocketFrame) && !(frame instanceof BinaryWebSocketFrame)) {
			return;
		}
		byte[] bytes = ByteBufUtil.getBytes(frame.content());
		boolean binary = frame instanceof BinaryWebSocketFrame;
		String text = Utf8.isValid(bytes) ? new String(bytes, StandardCharsets.UTF_8) : null;
		this.received.add(new Received(text, bytes, binary));
		if (text != null) {
			int at = text.indexOf(MARKER);
			if (at >= 0) {
				int end = at + MARKER.length();
				while (end < text.length() && Character.isDigit(text.charAt(end))) {
					end++;
				}
				CompletableFuture<Void> answered = this.pendingMarkers.remove(text.substring(at, end));
				if (answered != null) {
					answered.complete(null);
				}
			}
		}
	}

	private static <T> T await(CompletableFuture<T> future, String what) {
		try {
			return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("No " + what + " within " + TIMEOUT, ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(what + " failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		emit(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
		synchronized (this.outbound) {
			this.outbound.tryEmitComplete();
		}
		try {
			this.closed.get(2, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			// Closed by force below.
		}
		this.connection.dispose();
	}

}
