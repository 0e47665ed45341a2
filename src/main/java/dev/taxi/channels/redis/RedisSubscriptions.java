package dev.taxi.channels.redis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.taxi.channels.LocalChannels;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Keeps this instance's Redis subscriptions in line with its local groups: a group's Redis
 * channel is subscribed while the group has a local member, and only then.
 *
 * <p>Changes are serialised per group: a group has at most one SUBSCRIBE or UNSUBSCRIBE in
 * flight, and when it completes the membership is read again and the next change made if it is
 * still needed. So a last member leaving while the first one's SUBSCRIBE is in flight, or a member
 * joining while the UNSUBSCRIBE is, always ends in the state the membership asks for. A caller
 * waits for that state: {@link #sync} completes once Redis confirmed it, so a message published
 * after {@code groupAdd} returned reaches the new member.
 *
 * <p>What counts as subscribed is what Redis confirmed, as Lettuce reports it; Lettuce keeps the
 * same set and subscribes it again after a reconnect. While Redis is unreachable a change fails at
 * once and is given up quietly (local delivery goes on); once Redis is reachable again every
 * group is brought back in line ({@link #realign()}).
 */
final class RedisSubscriptions {

	private static final Logger logger = LoggerFactory.getLogger(RedisSubscriptions.class);

	private final RedisLink link;

	private final RedisChannelNames names;

	private final LocalChannels local;

	/** Group channels Redis confirmed, as Lettuce tracks them (kept across a reconnect, like Lettuce's). */
	private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

	private final Map<String, Sync> syncs = new ConcurrentHashMap<>();

	RedisSubscriptions(RedisLink link, RedisChannelNames names, LocalChannels local) {
		this.link = link;
		this.names = names;
		this.local = local;
		link.addListener(new Confirmations());
	}

	/** Brings a group's subscription in line with its membership; completes once Redis confirmed it. */
	Mono<Void> sync(String group) {
		return Mono.create((sink) -> request(group, sink));
	}

	/** Like {@link #sync}, for callers that cannot wait (a disposed registration, a Redis callback). */
	void nudge(String group) {
		request(group, null);
	}

	/** Channels this instance is subscribed to on Redis at the moment, its own and the broadcast channel included. */
	int count() {
		return this.link.isReachable() ? this.confirmed.size() + 2 : 0;
	}

	boolean isSubscribed(String group) {
		return this.confirmed.contains(this.names.group(group));
	}

	private void request(String group, @Nullable MonoSink<Void> waiter) {
		boolean[] start = new boolean[1];
		this.syncs.compute(group, (name, sync) -> {
			Sync current = (sync != null) ? sync : new Sync();
			start[0] = current.enqueue(waiter);
			return current;
		});
		if (start[0]) {
			run(group);
		}
	}

	/**
	 * Runs one pass for a group, detached from whoever asked: a caller that cancels must not leave
	 * the group half-changed and the other callers waiting.
	 */
	private void run(String group) {
		converge(group).subscribe(null, (error) -> settle(group, error), () -> settle(group, null));
	}

	private Mono<Void> converge(String group) {
		return Mono.defer(() -> {
			String channel = this.names.group(group);
			boolean wanted = this.local.hasMembers(group);
			if (wanted == this.confirmed.contains(channel)) {
				return Mono.empty();
			}
			Mono<Void> change = wanted ? this.link.subscribe(channel).doOnSuccess((done) -> this.confirmed.add(channel))
					: this.link.unsubscribe(channel).doOnSuccess((done) -> this.confirmed.remove(channel));
			// Read the membership again: it may have changed while the command was in flight.
			return change.then(converge(group));
		});
	}

	private void settle(String group, @Nullable Throwable error) {
		List<MonoSink<Void>> done = new ArrayList<>();
		boolean[] again = new boolean[1];
		this.syncs.compute(group, (name, sync) -> {
			again[0] = sync.finish(done);
			return again[0] ? sync : null;
		});
		if (error != null && !this.link.isConnected()) {
			logger.debug("Redis is unreachable; group {} is brought in line once it is back", group);
			error = null;
		}
		for (MonoSink<Void> waiter : done) {
			if (error != null) {
				waiter.error(error);
			}
			else {
				waiter.success();
			}
		}
		if (error != null) {
			logger.warn("Could not change the Redis subscription of group {}", group, error);
		}
		if (again[0]) {
			run(group);
		}
	}

	/**
	 * Once Redis is reachable again (Lettuce restored what was confirmed): brings every group in
	 * line with its membership, subscribing the ones that gained their first member meanwhile and
	 * unsubscribing the ones that lost their last; completes once Redis confirmed all of it.
	 */
	Mono<Void> realign() {
		return Mono.defer(() -> {
			Set<String> groups = new HashSet<>(this.local.groups());
			for (String channel : this.confirmed) {
				String group = this.names.groupOf(channel);
				if (group != null) {
					groups.add(group);
				}
			}
			return Flux.fromIterable(groups)
				.filter((group) -> this.local.hasMembers(group) != isSubscribed(group))
				.flatMap(this::sync)
				.then();
		});
	}

	/**
	 * The callers waiting on one group. Those who asked before a pass started are answered when it
	 * ends; those who asked during it wait for another pass, since it may have read the membership
	 * before their change.
	 */
	private static final class Sync {

		private List<MonoSink<Void>> current = new ArrayList<>();

		private List<MonoSink<Void>> next = new ArrayList<>();

		private boolean running;

		private boolean again;

		/** Returns whether a pass must start now. */
		boolean enqueue(@Nullable MonoSink<Void> waiter) {
			if (this.running) {
				this.again = true;
				if (waiter != null) {
					this.next.add(waiter);
				}
				return false;
			}
			this.running = true;
			if (waiter != null) {
				this.current.add(waiter);
			}
			return true;
		}

		/** Hands over the callers a pass answers; returns whether another pass must run. */
		boolean finish(List<MonoSink<Void>> done) {
			done.addAll(this.current);
			this.current = this.next;
			this.next = new ArrayList<>();
			this.running = this.again;
			this.again = false;
			return this.running;
		}

	}

	/** Mirrors what Redis confirms, including Lettuce's re-subscription after a reconnect. */
	private final class Confirmations extends RedisPubSubAdapter<String, byte[]> {

		@Override
		public void subscribed(String channel, long count) {
			String group = RedisSubscriptions.this.names.groupOf(channel);
			if (group != null) {
				RedisSubscriptions.this.confirmed.add(channel);
				if (!RedisSubscriptions.this.local.hasMembers(group)) {
					nudge(group);
				}
			}
		}

		@Override
		public void unsubscribed(String channel, long count) {
			String group = RedisSubscriptions.this.names.groupOf(channel);
			if (group != null) {
				RedisSubscriptions.this.confirmed.remove(channel);
				if (RedisSubscriptions.this.local.hasMembers(group)) {
					nudge(group);
				}
			}
		}

	}

}
