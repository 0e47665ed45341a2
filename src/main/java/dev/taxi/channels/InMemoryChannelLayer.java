package dev.taxi.channels;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The channel layer of a single instance: every member is local, every delivery direct. */
final class InMemoryChannelLayer implements ChannelLayer {

	private final LocalChannels local = new LocalChannels();

	private final String prefix = "memory." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "!";

	@Override
	public String newChannel() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return this.prefix + new UUID(random.nextLong(), random.nextLong());
	}

	@Override
	public Disposable attach(String channel, Inbox inbox) {
		this.local.attach(channel, inbox);
		return () -> this.local.detach(channel);
	}

	@Override
	public Mono<Void> groupAdd(String group, String channel) {
		return Mono.fromRunnable(() -> this.local.add(group, channel));
	}

	@Override
	public Mono<Void> groupDiscard(String group, String channel) {
		return Mono.fromRunnable(() -> this.local.discard(group, channel));
	}

	@Override
	public Mono<Void> groupSend(String group, ChannelMessage message) {
		return Mono.fromRunnable(() -> this.local.deliverToGroup(group, message));
	}

	@Override
	public Mono<Void> send(String channel, ChannelMessage message) {
		return Mono.fromRunnable(() -> this.local.deliver(channel, message));
	}

	@Override
	public Set<String> localGroups() {
		return this.local.groups();
	}

	@Override
	public Mono<Void> groupSendLocal(String group, ChannelMessage message) {
		return groupSend(group, message);
	}

	/** Every member is here, and hears everything: never a gap. */
	@Override
	public Flux<Gap> gaps() {
		return Flux.empty();
	}

}
