package dev.taxi.chat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.Gap;
import dev.taxi.channels.socket.WireProtocols;
import dev.taxi.trips.Trip;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * After a {@link Gap}, sends this instance's members of each trip's group the chat messages stored
 * since the gap began, oldest first, to its rider and driver as {@link ChatService} does (v2 only:
 * v1 shows no chat). A message may arrive twice; its id says so. The trips are locked while their
 * messages are read and handed over, so that a message posted meanwhile comes after them.
 */
@Component
class ChatResync implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ChatResync.class);

	private static final int BATCH = 500;

	private final ChannelLayer layer;

	private final ChatRepository messages;

	private final WireProtocols protocols;

	private final TransactionalOperator transactions;

	/** A database that is briefly away (it may have gone with Redis) gets a few more seconds. */
	private static final Retry RETRY = Retry.backoff(4, Duration.ofMillis(500));

	private volatile @Nullable Disposable watch;

	ChatResync(ChannelLayer layer, ChatRepository messages, WireProtocols protocols, TransactionalOperator transactions) {
		this.layer = layer;
		this.messages = messages;
		this.protocols = protocols;
		this.transactions = transactions;
	}

	Mono<Void> resync(Gap gap) {
		return Mono.defer(() -> {
			List<UUID> followed = this.layer.localGroups().stream().map(Trip::parseId).filter(Objects::nonNull)
				.sorted().toList();
			return Flux.fromIterable(followed).buffer(BATCH).concatMap((trips) -> resend(trips, gap)).then();
		});
	}

	private Mono<Void> resend(List<UUID> trips, Gap gap) {
		return this.transactions.transactional(this.messages.lockTrips(trips)
			.thenMany(this.messages.findSince(trips, gap.since()))
			.concatMap((missed) -> this.layer.groupSendLocal(missed.message().tripId().toString(),
					this.protocols.encode(ChatEvent.of(missed.message())).onlyFor(missed.audience())))
			.then());
	}

	@Override
	public void start() {
		this.watch = this.layer.gaps()
			.concatMap((gap) -> resync(gap).retryWhen(RETRY).onErrorResume((ex) -> {
				logger.warn("Could not resend the chat messages stored during {}", gap, ex);
				return Mono.empty();
			}))
			.subscribe(null, (ex) -> logger.error("Stopped resending chat messages after gaps", ex));
	}

	@Override
	public void stop() {
		Disposable watch = this.watch;
		if (watch != null) {
			watch.dispose();
			this.watch = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.watch != null;
	}

}
