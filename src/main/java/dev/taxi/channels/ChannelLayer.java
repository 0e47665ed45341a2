package dev.taxi.channels;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Named groups of consumers, as in Django Channels: the one path by which a message reaches
 * another connection, on this instance or on any other.
 *
 * <p>A <em>channel</em> is the inbox name of one consumer (a WebSocket connection, a test
 * listener); names come from {@link #newChannel()} and are unique across instances. A consumer
 * {@linkplain #attach attaches} its inbox on the instance that holds it and may then join groups
 * there. Membership is local to that instance: when the instance stops, its memberships go with it.
 */
public interface ChannelLayer {

	/** The layer of a single instance, where every member is local: for one instance and for tests. */
	static ChannelLayer inMemory() {
		return new InMemoryChannelLayer();
	}

	/** A fresh channel name, unique across every instance sharing this layer. */
	String newChannel();

	/**
	 * Registers the consumer of a channel on this instance. Disposing the result detaches it and
	 * discards it from every group it joined.
	 */
	Disposable attach(String channel, Inbox inbox);

	/** Adds an attached channel of this instance to a group; adding twice is harmless. */
	Mono<Void> groupAdd(String group, String channel);

	/** Removes a channel from a group; removing a non-member is harmless. */
	Mono<Void> groupDiscard(String group, String channel);

	/** Delivers a message once to every member of a group, on every instance. */
	Mono<Void> groupSend(String group, ChannelMessage message);

	/** Delivers a message to one channel, on whichever instance holds it. */
	Mono<Void> send(String channel, ChannelMessage message);

}
