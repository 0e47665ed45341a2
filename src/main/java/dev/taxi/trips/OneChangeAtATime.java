package dev.taxi.trips;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs the changes of one trip on this instance one after the other, each from its first read to
 * its last event: two changes racing (an accept and a cancel, say) are still decided by the
 * database, and their events now also go out in the order the changes were stored. Run together,
 * the later one could publish before the earlier, or before the earlier's driver had joined the
 * trip's group, and leave a screen with the wrong status. Changes of different trips do not wait
 * for each other.
 */
final class OneChangeAtATime {

	/**
	 * How long a change waits for the one before it at most: a change stuck on a database that does
	 * not answer must not hold the trip's later ones for good. Past it, the database still decides.
	 */
	static final Duration MAX_WAIT = Duration.ofSeconds(10);

	/** The end of the last change queued for each trip. */
	private final Map<UUID, Mono<Void>> lastChange = new ConcurrentHashMap<>();

	<T> Mono<T> run(UUID tripId, Mono<T> change) {
		return Mono.defer(() -> {
			Sinks.Empty<Void> done = Sinks.empty();
			Mono<Void> end = done.asMono();
			Mono<Void> previous = this.lastChange.put(tripId, end);
			Mono<Void> turn = (previous != null) ? previous.timeout(MAX_WAIT, Mono.empty()) : Mono.empty();
			return turn.then(change).doFinally((signal) -> {
				this.lastChange.remove(tripId, end);
				done.tryEmitEmpty();
			});
		});
	}

	/** Trips with a change queued or running (for tests: none is left behind). */
	int pending() {
		return this.lastChange.size();
	}

}
