package dev.taxi.channels;

import java.util.Collection;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * A consumer of the channel layer that is not a WebSocket (an HTTP event stream, say): a channel
 * in some groups whose messages wait in a bounded queue for one reader. It hears what its
 * principal may receive, from the moment it has joined; a reader that falls further behind than
 * the queue holds is cut off rather than buffered without limit: its owner is told at once (to
 * close the transport; the queue would only deliver its error after the reader caught up), and
 * the messages end with {@link Overflow}.
 */
public final class BufferedChannel {

	private final Disposable registration;

	private final Sinks.Many<ChannelMessage> queue;

	private BufferedChannel(Disposable registration, Sinks.Many<ChannelMessage> queue) {
		this.registration = registration;
		this.queue = queue;
	}

	/**
	 * Attaches a channel for a principal and joins the groups; completes once it hears them.
	 * @param onOverflow run once, on the delivering thread, when the reader fell too far behind
	 */
	public static Mono<BufferedChannel> open(ChannelLayer layer, String principal, Collection<String> groups,
			int capacity, Runnable onOverflow) {
		return Mono.defer(() -> {
			Sinks.Many<ChannelMessage> queue = Sinks.many().unicast()
				.onBackpressureBuffer(Queues.<ChannelMessage>get(capacity).get());
			String channel = layer.newChannel();
			Disposable registration = layer.attach(channel, (message) -> {
				if (message.isFor(principal) && !offer(queue, message)) {
					onOverflow.run();
				}
			});
			BufferedChannel opened = new BufferedChannel(registration, queue);
			return Flux.fromIterable(groups)
				.concatMap((group) -> layer.groupAdd(group, channel))
				.then(Mono.just(opened))
				.doOnError((ex) -> opened.close())
				.doOnCancel(opened::close);
		});
	}

	/** Queues a message; false, the first time only, if the queue was full. */
	private static boolean offer(Sinks.Many<ChannelMessage> queue, ChannelMessage message) {
		// The layer delivers from many threads; the sink wants one producer at a time.
		synchronized (queue) {
			if (queue.tryEmitNext(message) == Sinks.EmitResult.FAIL_OVERFLOW) {
				return queue.tryEmitError(new Overflow()) != Sinks.EmitResult.OK;
			}
			return true;
		}
	}

	/** What arrived since the channel joined, then as it arrives; fails with {@link Overflow} if the reader fell behind. */
	public Flux<ChannelMessage> messages() {
		return this.queue.asFlux();
	}

	/** Leaves every group and detaches; what arrives afterwards goes nowhere. */
	public void close() {
		this.registration.dispose();
	}

	/** The reader fell further behind than the queue holds. */
	public static final class Overflow extends RuntimeException {

		Overflow() {
			super("The reader fell too far behind", null, false, false);
		}

	}

}
