package dev.taxi.channels.socket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts each user's open connections on this instance, so that one account cannot hold an
 * unbounded number of sockets (and of queues, and of group memberships).
 */
final class ConnectionsPerUser {

	private final Map<String, Integer> open = new ConcurrentHashMap<>();

	private final int limit;

	ConnectionsPerUser(int limit) {
		this.limit = limit;
	}

	/** Counts a new connection of a user; false, and nothing counted, if the user is at the limit. */
	boolean tryOpen(String user) {
		boolean[] opened = new boolean[1];
		this.open.compute(user, (name, count) -> {
			int current = (count != null) ? count : 0;
			opened[0] = current < this.limit;
			return opened[0] ? current + 1 : count;
		});
		return opened[0];
	}

	void closed(String user) {
		this.open.computeIfPresent(user, (name, count) -> (count > 1) ? count - 1 : null);
	}

}
