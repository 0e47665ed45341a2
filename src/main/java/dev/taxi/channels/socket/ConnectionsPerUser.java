package dev.taxi.channels.socket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/**
 * Counts each user's open connections on this instance, so that one account cannot hold an
 * unbounded number of sockets (and of queues, and of group memberships).
 */
public final class ConnectionsPerUser implements ConnectionLimit {

	private final Map<String, Integer> open = new ConcurrentHashMap<>();

	private final int limit;

	public ConnectionsPerUser(int limit) {
		this.limit = limit;
	}

	@Override
	public Mono<Boolean> tryOpen(String user) {
		return Mono.fromSupplier(() -> tryOpenNow(user));
	}

	/** Counts a new connection of a user; false, and nothing counted, if the user is at the limit. */
	public boolean tryOpenNow(String user) {
		boolean[] opened = new boolean[1];
		this.open.compute(user, (name, count) -> {
			int current = (count != null) ? count : 0;
			opened[0] = current < this.limit;
			return opened[0] ? current + 1 : count;
		});
		return opened[0];
	}

	@Override
	public void closed(String user) {
		this.open.computeIfPresent(user, (name, count) -> (count > 1) ? count - 1 : null);
	}

	/** The user's connections counted now. */
	public int count(String user) {
		return this.open.getOrDefault(user, 0);
	}

	/** Every user with a connection counted, and how many. */
	public Map<String, Integer> counts() {
		return Map.copyOf(this.open);
	}

}
