package dev.taxi.channels.socket;

import reactor.core.publisher.Mono;

/**
 * How many connections one user may hold at once ({@code taxi.channels.max-connections-per-user}),
 * so that one account cannot hold an unbounded number of sockets, queues and group memberships.
 * Counted on this instance unless a bean of this type counts them across instances.
 */
public interface ConnectionLimit {

	/** Counts a new connection of a user; emits false, and nothing is counted, if the user is at the limit. */
	Mono<Boolean> tryOpen(String user);

	/** Forgets one connection that {@link #tryOpen} counted. */
	void closed(String user);

}
