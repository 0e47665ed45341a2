package dev.taxi.channels.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.taxi.channels.ChannelMessage;
import dev.taxi.channels.Gap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * When this instance's members may have missed what other instances published, told once they can
 * hear it again. Pub/sub keeps nothing for later, so two things open a gap:
 * <ul>
 * <li>this instance lost Redis: the gap is over once Redis is reachable again and every group with
 * local members is subscribed again;</li>
 * <li>another instance could not publish (its publisher connection was away, or Redis refused):
 * it says so on the broadcast channel, with the instant its first publication failed, as soon as
 * it can publish again, and the gap is over when that word arrives.</li>
 * </ul>
 * The second half is this instance's own duty too: it remembers its first failed publication and
 * announces it, tried until Redis takes it.
 *
 * <p>A gap starts {@link #LOOKBACK} before it was noticed: what was published shortly before an
 * outage may still have been on its way, what was stored was stored a little before it was
 * published, and the instances' clocks differ a little.
 */
final class RedisGaps {

	static final Duration LOOKBACK = Duration.ofSeconds(2);

	private static final Duration ANNOUNCEMENT_RETRY = Duration.ofMillis(100);

	private static final Logger logger = LoggerFactory.getLogger(RedisGaps.class);

	private final RedisLink link;

	private final Clock clock;

	private final Sinks.Many<Gap> gaps = Sinks.many().multicast().directBestEffort();

	/** When this instance's first publication failed since it last said so; null while none did. */
	private final AtomicReference<@Nullable Instant> unsentSince = new AtomicReference<>();

	private final AtomicBoolean announcing = new AtomicBoolean();

	private final Counter start;

	private final Counter outages;

	private final Counter unsent;

	RedisGaps(RedisLink link, RedisSubscriptions subscriptions, Clock clock, MeterRegistry meters) {
		this.link = link;
		this.clock = clock;
		this.start = gapCounter(meters, "start");
		this.outages = gapCounter(meters, "outage");
		this.unsent = gapCounter(meters, "unsent");
		AtomicReference<@Nullable Instant> lostAt = new AtomicReference<>();
		AtomicBoolean first = new AtomicBoolean(true);
		link.reachability().<Lost>handle((reachable, sink) -> {
			// Read as the change happens: a later outage must not move an earlier one's start.
			if (!reachable) {
				lostAt.set(link.unreachableSince());
				return;
			}
			Instant lost = lostAt.getAndSet(null);
			if (lost != null) {
				// From start-up on, too: an instance that started without Redis may have members already.
				sink.next(new Lost(lost, first.getAndSet(false) ? this.start : this.outages));
			}
		})
			// One recovery at a time: one that ends while another is being realigned waits its turn.
			.concatMap((lost) -> subscriptions.realign()
				.onErrorResume((ex) -> Mono.empty())
				.then(Mono.fromRunnable(() -> emitGap(lost.since().minus(LOOKBACK), lost.cause()))))
			.subscribe(null, (ex) -> logger.error("Stopped watching Redis for the end of outages", ex),
					this.gaps::tryEmitComplete);
	}

	/** The gaps, as each ends. */
	Flux<Gap> gaps() {
		return this.gaps.asFlux();
	}

	/** Another instance said what it published since then may not have gone out. */
	void heard(String instant) {
		long millis;
		try {
			millis = Long.parseLong(instant);
		}
		catch (NumberFormatException ex) {
			logger.warn("Dropped word of unsent publications without a readable instant");
			return;
		}
		// The sender already looked back from its first failure: the instant is the gap's start.
		emitGap(Instant.ofEpochMilli(millis), this.unsent);
	}

	/** A publication of this instance failed: the other instances will be told once Redis takes it. */
	void publishFailed() {
		this.unsentSince.compareAndSet(null, this.clock.instant());
		announce();
	}

	/** The announcement itself, to be published on the broadcast channel. */
	static RedisEnvelope announcement(String origin, Instant since) {
		return new RedisEnvelope(origin, RedisEnvelope.Kind.UNSENT, String.valueOf(since.toEpochMilli()),
				ChannelMessage.of(Map.of()));
	}

	private void announce() {
		if (!this.announcing.compareAndSet(false, true)) {
			return;
		}
		Mono.defer(this::announceOnce)
			.retryWhen(Retry.fixedDelay(Long.MAX_VALUE, ANNOUNCEMENT_RETRY).filter((ex) -> this.link.isRunning()))
			.subscribe(null, (ex) -> this.announcing.set(false), () -> {
				this.announcing.set(false);
				// A failure after the announcement took its instant waits for another one.
				if (this.unsentSince.get() != null && this.link.isRunning()) {
					announce();
				}
			});
	}

	private Mono<Void> announceOnce() {
		Instant failed = this.unsentSince.getAndSet(null);
		if (failed == null) {
			return Mono.empty();
		}
		RedisEnvelope word = announcement(this.link.instanceId(), failed.minus(LOOKBACK));
		return this.link.publish(this.link.broadcastChannel(), word.encode())
			.doOnSuccess((receivers) -> logger.info("Told the other instances that publications since {} may not "
					+ "have reached them", failed))
			.doOnError((ex) -> this.unsentSince.accumulateAndGet(failed,
					(current, mine) -> (current == null || mine.isBefore(current)) ? mine : current))
			.then();
	}

	private synchronized void emitGap(Instant since, Counter cause) {
		cause.increment();
		this.gaps.tryEmitNext(new Gap(since));
	}

	private record Lost(Instant since, Counter cause) {
	}

	private static Counter gapCounter(MeterRegistry meters, String cause) {
		return Counter.builder("taxi.channels.gaps")
			.description("Gaps after which this instance's members were resynchronised: Redis reached at start-up, "
					+ "its own outages of Redis, and other instances' publications that failed")
			.tag("cause", cause)
			.register(meters);
	}

}
