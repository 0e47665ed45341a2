package dev.taxi.channels;

import java.security.Principal;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import org.springframework.web.reactive.socket.CloseStatus;

/**
 * One client connection as handlers see it: who is on it, which protocol version it speaks,
 * which groups it is in, and a bounded queue of frames on their way out. Everything that reaches
 * the client goes through {@link #deliver} (from the channel layer) or {@link #reply} (answers to
 * its own messages).
 */
public final class Connection {

	/** Closing codes beyond those {@link CloseStatus} names. */
	static final CloseStatus TOO_SLOW = new CloseStatus(1013, "Too slow to keep up");

	private final String channel;

	private final Principal principal;

	private final WireProtocol protocol;

	private final ChannelLayer layer;

	private final Set<String> groups = ConcurrentHashMap.newKeySet();

	private final Sinks.Many<byte[]> outbound;

	private final Sinks.One<CloseStatus> closeRequest = Sinks.one();

	private final Sinks.Empty<Void> finished = Sinks.empty();

	public Connection(String channel, Principal principal, WireProtocol protocol, ChannelLayer layer, int outboundCapacity) {
		this.channel = channel;
		this.principal = principal;
		this.protocol = protocol;
		this.layer = layer;
		this.outbound = Sinks.many().unicast().onBackpressureBuffer(Queues.<byte[]>get(outboundCapacity).get());
	}

	/** The channel name of this connection in the channel layer. */
	public String channel() {
		return this.channel;
	}

	/** The authenticated user of the handshake. */
	public Principal principal() {
		return this.principal;
	}

	public WireProtocol protocol() {
		return this.protocol;
	}

	/** Joins a group through the channel layer and remembers it, to leave it on disconnect. */
	public Mono<Void> join(String group) {
		return this.layer.groupAdd(group, this.channel).then(Mono.fromRunnable(() -> this.groups.add(group)));
	}

	public Set<String> groups() {
		return Set.copyOf(this.groups);
	}

	/** Answers this connection directly, rendered for its own protocol version. */
	public void reply(Object event) {
		String frame = this.protocol.render(event);
		if (frame != null) {
			enqueue(frame.getBytes(StandardCharsets.UTF_8));
		}
	}

	/** Tells the sender of a refused message what its protocol version says of refusals. */
	void refuse(Refusal refusal, @Nullable String ref) {
		String frame = this.protocol.renderRefusal(refusal, ref);
		if (frame != null) {
			enqueue(frame.getBytes(StandardCharsets.UTF_8));
		}
	}

	/** Hands over a message from the channel layer; its frame is shared with every other recipient. */
	void deliver(ChannelMessage message) {
		byte[] frame = message.frame(this.protocol.name());
		if (frame != null) {
			enqueue(frame);
		}
	}

	private void enqueue(byte[] frame) {
		Sinks.EmitResult result;
		// The layer delivers from many threads; the sink wants one producer at a time.
		synchronized (this.outbound) {
			result = this.outbound.tryEmitNext(frame);
		}
		// A full queue reports an overflow, or, before the socket started sending, no subscriber;
		// a terminated or cancelled queue belongs to a connection that is going away anyway.
		if (result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
			close(TOO_SLOW);
		}
	}

	/** Asks for the connection to be closed with a status; the first request wins. */
	public void close(CloseStatus status) {
		this.closeRequest.tryEmitValue(status);
	}

	Flux<byte[]> outbound() {
		return this.outbound.asFlux();
	}

	/** The status the server asked to close with; empty if the connection ended without such a request. */
	Mono<CloseStatus> closeRequests() {
		return this.closeRequest.asMono();
	}

	void endCloseRequests() {
		this.closeRequest.tryEmitEmpty();
	}

	/** Completes once the connection is closed and has left its groups. */
	Mono<Void> finished() {
		return this.finished.asMono();
	}

	void markFinished() {
		this.finished.tryEmitEmpty();
	}

	void completeOutbound() {
		synchronized (this.outbound) {
			this.outbound.tryEmitComplete();
		}
	}

}
