package dev.taxi.channels.socket;

import java.security.Principal;
import java.time.Duration;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.ChannelMessage;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import org.springframework.web.reactive.socket.CloseStatus;

/**
 * One client connection as handlers see it: who is on it, which groups it is in, and a bounded
 * queue of frames on their way out, rendered for the protocol version it chose. Everything that
 * reaches the client goes through {@link #deliver} (from the channel layer) or {@link #reply}
 * (answers to its own messages). A client whose answers fill half the queue is read no further
 * until the queue has drained (see {@link #roomForReplies}): a client that sends faster than the
 * server answers is slowed down through TCP, and only a client that does not read what it is
 * sent fills the queue and is closed with 1013.
 */
public final class Connection {

	/** Closing codes beyond those {@link CloseStatus} names. */
	static final CloseStatus TOO_SLOW = new CloseStatus(1013, "Too slow to keep up");

	private static final int QUEUE_LINK = 16;

	private final String channel;

	private final Principal principal;

	private final WireProtocol protocol;

	private final ChannelLayer layer;

	private final Set<String> groups = ConcurrentHashMap.newKeySet();

	private final Sinks.Many<byte[]> outbound;

	private final Queue<byte[]> queued;

	private final int capacity;

	private final int pauseRepliesAt;

	private final int resumeRepliesAt;

	/** The next frame's wait for room in the queue, if it waits; frames are handled one at a time. */
	private final AtomicReference<Sinks.@Nullable Empty<Void>> roomWaiter = new AtomicReference<>();

	private volatile boolean outboundEnded;

	private final Sinks.One<CloseRequest> closeRequest = Sinks.one();

	private final AtomicBoolean closeAsked = new AtomicBoolean();

	private final Sinks.Empty<Void> finished = Sinks.empty();

	/** The timer of {@link #closeAfter}, if one is set; disposed once the connection is finished. */
	private final Disposable.Swap deadline = Disposables.swap();

	Connection(String channel, Principal principal, WireProtocol protocol, ChannelLayer layer, int outboundCapacity) {
		this.channel = channel;
		this.principal = principal;
		this.protocol = protocol;
		this.layer = layer;
		// A queue that grows in small links as frames wait, not one allocated whole for every
		// socket: most sockets hold nothing most of the time. The bound is kept in enqueue.
		this.queued = Queues.<byte[]>unbounded(QUEUE_LINK).get();
		this.capacity = Math.max(8, Queues.ceilingNextPowerOfTwo(outboundCapacity));
		this.outbound = Sinks.many().unicast().onBackpressureBuffer(this.queued);
		this.pauseRepliesAt = Math.max(1, outboundCapacity / 2);
		this.resumeRepliesAt = outboundCapacity / 4;
	}

	/** The channel name of this connection in the channel layer. */
	public String channel() {
		return this.channel;
	}

	/** The authenticated user of the handshake. */
	public Principal principal() {
		return this.principal;
	}

	/** The name of the protocol version this connection speaks, e.g. {@link TypedProtocol#NAME}. */
	public String protocol() {
		return this.protocol.name();
	}

	/** Joins a group through the channel layer and remembers it, to leave it on disconnect. */
	public Mono<Void> join(String group) {
		return this.layer.groupAdd(group, this.channel).then(Mono.fromRunnable(() -> this.groups.add(group)));
	}

	/** Leaves a group: what it hears from then on no longer reaches this connection. */
	public Mono<Void> leave(String group) {
		return Mono.fromRunnable(() -> this.groups.remove(group)).then(this.layer.groupDiscard(group, this.channel));
	}

	public Set<String> groups() {
		return Set.copyOf(this.groups);
	}

	/**
	 * Answers this connection alone, rendered for its own protocol version.
	 * @param ref the client's id of the message answered, if it gave one
	 */
	public void reply(Object event, @Nullable String ref) {
		byte[] frame = this.protocol.renderReply(event, ref);
		if (frame != null) {
			enqueue(frame);
		}
	}

	/** Tells the sender of a refused message what its protocol version says of refusals. */
	void refuse(Refusal refusal, @Nullable String ref) {
		byte[] frame = this.protocol.renderRefusal(refusal, ref);
		if (frame != null) {
			enqueue(frame);
		}
	}

	/**
	 * Tells the client why, then closes: the refusal goes out after every frame queued before it,
	 * and the close frame after it. Only the first close request counts.
	 */
	void refuseAndClose(Refusal refusal, CloseStatus status) {
		if (!this.closeAsked.compareAndSet(false, true)) {
			return;
		}
		refuse(refusal, null);
		completeOutbound();
		this.closeRequest.tryEmitValue(new CloseRequest(status, true));
	}

	/** Hands over a message from the channel layer; its frame is shared with every other recipient. */
	void deliver(ChannelMessage message) {
		if (!message.isFor(this.principal.getName())) {
			return;
		}
		byte[] frame = message.frame(this.protocol.name());
		if (frame != null) {
			enqueue(frame);
		}
	}

	private void enqueue(byte[] frame) {
		Sinks.EmitResult result;
		// The layer delivers from many threads; the sink wants one producer at a time.
		synchronized (this.outbound) {
			result = (this.queued.size() < this.capacity) ? this.outbound.tryEmitNext(frame) : Sinks.EmitResult.FAIL_OVERFLOW;
		}
		// A full queue reports an overflow, or, before the socket started sending, no subscriber;
		// a terminated or cancelled queue belongs to a connection that is going away anyway.
		if (result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
			close(TOO_SLOW);
		}
	}

	/** Asks for the connection to be closed with a status at once; the first request wins. */
	public void close(CloseStatus status) {
		if (this.closeAsked.compareAndSet(false, true)) {
			this.closeRequest.tryEmitValue(new CloseRequest(status, false));
		}
	}

	/**
	 * Closes the connection with a status once a delay has passed, unless it is closed before;
	 * a later call replaces the deadline. One timer per connection, none left once it is finished.
	 */
	public void closeAfter(Duration delay, CloseStatus status) {
		this.deadline.update(Mono.delay(delay).subscribe((tick) -> close(status)));
	}

	/** Whether the server asked to close this connection: what it still sends is not handled. */
	boolean isClosing() {
		return this.closeAsked.get();
	}

	/**
	 * Completes at once while the outbound queue is less than half full, otherwise once it has
	 * drained to a quarter (or the connection's sending has ended): the next frame from the client
	 * is handled, and further frames read, only then.
	 */
	Mono<Void> roomForReplies() {
		if (this.queued.size() < this.pauseRepliesAt) {
			return Mono.empty();
		}
		return Mono.defer(() -> {
			Sinks.Empty<Void> waiter = Sinks.empty();
			this.roomWaiter.set(waiter);
			// The queue may have drained, or sending ended, before the waiter was in place.
			if (this.queued.size() <= this.resumeRepliesAt || this.outboundEnded) {
				wakeRoomWaiter();
			}
			return waiter.asMono();
		});
	}

	private void wakeRoomWaiter() {
		Sinks.Empty<Void> waiter = this.roomWaiter.getAndSet(null);
		if (waiter != null) {
			waiter.tryEmitEmpty();
		}
	}

	Flux<byte[]> outbound() {
		return this.outbound.asFlux()
			.doOnNext((frame) -> {
				if (this.roomWaiter.get() != null && this.queued.size() <= this.resumeRepliesAt) {
					wakeRoomWaiter();
				}
			})
			.doFinally((signal) -> {
				this.outboundEnded = true;
				wakeRoomWaiter();
			});
	}

	/** The close the server asked for; empty if the connection ended without such a request. */
	Mono<CloseRequest> closeRequests() {
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
		this.deadline.dispose();
		this.finished.tryEmitEmpty();
	}

	void completeOutbound() {
		synchronized (this.outbound) {
			this.outbound.tryEmitComplete();
		}
	}

	/**
	 * @param afterPending whether the frames already queued go out first (a refusal that explains
	 * the close), or the close frame goes at once (the client does not read its queue anyway)
	 */
	record CloseRequest(CloseStatus status, boolean afterPending) {
	}

}
