package dev.taxi.channels;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The consumers this instance holds and the groups they belong to. Both channel layers deliver
 * to their own members through it; the Redis layer also learns from it when a group gains its
 * first local member or loses its last.
 */
public final class LocalChannels {

	private final Map<String, Inbox> inboxes = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> members = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> groupsOfChannel = new ConcurrentHashMap<>();

	public void attach(String channel, Inbox inbox) {
		if (this.inboxes.putIfAbsent(channel, inbox) != null) {
			throw new IllegalStateException("Channel " + channel + " is attached already");
		}
	}

	/** Detaches a channel and returns the groups it left that now have no local member. */
	public Set<String> detach(String channel) {
		this.inboxes.remove(channel);
		Set<String> groups = this.groupsOfChannel.remove(channel);
		Set<String> emptied = ConcurrentHashMap.newKeySet();
		if (groups != null) {
			for (String group : groups) {
				if (removeMember(group, channel)) {
					emptied.add(group);
				}
			}
		}
		return emptied;
	}

	public boolean isAttached(String channel) {
		return this.inboxes.containsKey(channel);
	}

	/**
	 * Adds an attached channel to a group.
	 * @return whether the group had no local member before
	 */
	public boolean add(String group, String channel) {
		if (!isAttached(channel)) {
			throw new IllegalArgumentException("Channel " + channel + " is not attached to this instance");
		}
		boolean[] first = new boolean[1];
		this.members.compute(group, (name, channels) -> {
			Set<String> set = (channels != null) ? channels : ConcurrentHashMap.newKeySet();
			first[0] = set.isEmpty();
			set.add(channel);
			return set;
		});
		this.groupsOfChannel.computeIfAbsent(channel, (name) -> ConcurrentHashMap.newKeySet()).add(group);
		return first[0];
	}

	/**
	 * Removes a channel from a group.
	 * @return whether the group has no local member any more (and had one before)
	 */
	public boolean discard(String group, String channel) {
		Set<String> groups = this.groupsOfChannel.get(channel);
		if (groups != null) {
			groups.remove(group);
		}
		return removeMember(group, channel);
	}

	private boolean removeMember(String group, String channel) {
		boolean[] emptied = new boolean[1];
		this.members.computeIfPresent(group, (name, channels) -> {
			if (channels.remove(channel) && channels.isEmpty()) {
				emptied[0] = true;
				return null;
			}
			return channels.isEmpty() ? null : channels;
		});
		return emptied[0];
	}

	public boolean hasMembers(String group) {
		return this.members.containsKey(group);
	}

	public Set<String> groups() {
		return Set.copyOf(this.members.keySet());
	}

	public int groupCount() {
		return this.members.size();
	}

	/** Hands a message to every local member of a group. */
	public void deliverToGroup(String group, ChannelMessage message) {
		Set<String> channels = this.members.get(group);
		if (channels != null) {
			for (String channel : channels) {
				deliver(channel, message);
			}
		}
	}

	/** Hands a message to a local channel; returns false if no such channel is attached here. */
	public boolean deliver(String channel, ChannelMessage message) {
		@Nullable Inbox inbox = this.inboxes.get(channel);
		if (inbox == null) {
			return false;
		}
		inbox.deliver(message);
		return true;
	}

}
