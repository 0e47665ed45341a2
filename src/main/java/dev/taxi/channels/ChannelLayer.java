package dev.taxi.channels;

import java.util.Set;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
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

	/** The groups that have a member on this instance at the moment. */
	Set<String> localGroups();

	/**
	 * Delivers a message to the members of a group on this instance only: for what every instance
	 * tells its own members, such as their resynchronisation after a {@link Gap}.
	 */
	Mono<Void> groupSendLocal(String group, ChannelMessage message);

	/**
	 * Each gap in what this instance's members heard from the other instances, once it is over and
	 * the layer is subscribed again to every group with local members, so that whatever is sent
	 * from then on reaches them. A layer of one instance has none.
	 */
	Flux<Gap> gaps();

}
