package dev.taxi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Counts on one instance: the embedded default's, and the Redis counter's while Redis does not
 * answer. Expired windows are dropped as the map grows, at most once a second.
 */
final class InMemoryFailureCounter implements FailureCounter {

	private static final int PRUNE_ABOVE = 10_000;

	private static final Duration PRUNE_INTERVAL = Duration.ofSeconds(1);

	private final Map<String, Window> windows = new HashMap<>();

	private final int limit;

	private final Duration length;

	private final Clock clock;

	private Instant nextPrune = Instant.MIN;

	private record Window(long count, Instant ends) {
	}

	InMemoryFailureCounter(int limit, Duration length, Clock clock) {
		this.limit = limit;
		this.length = length;
		this.clock = clock;
	}

	@Override
	public Mono<Admission> admit(List<String> keys) {
		return Mono.fromSupplier(() -> count(keys));
	}

	private synchronized Admission count(List<String> keys) {
		Instant now = this.clock.instant();
		prune(now);
		Duration refusedFor = Duration.ZERO;
		for (String key : keys) {
			Window window = current(key, now);
			if (window != null && window.count() >= this.limit) {
				Duration left = Duration.between(now, window.ends());
				refusedFor = (left.compareTo(refusedFor) > 0) ? left : refusedFor;
			}
		}
		if (!refusedFor.isZero()) {
			return Admission.refused(refusedFor);
		}
		long highest = 0;
		for (String key : keys) {
			Window window = current(key, now);
			Window counted = (window != null) ? new Window(window.count() + 1, window.ends())
					: new Window(1, now.plus(this.length));
			this.windows.put(key, counted);
			highest = Math.max(highest, counted.count());
		}
		return new Admission(highest, Duration.ZERO, Mono.fromRunnable(() -> forgive(keys)));
	}

	private synchronized void forgive(List<String> keys) {
		for (String key : keys) {
			this.windows.computeIfPresent(key,
					(name, window) -> (window.count() > 1) ? new Window(window.count() - 1, window.ends()) : null);
		}
	}

	private @Nullable Window current(String key, Instant now) {
		Window window = this.windows.get(key);
		return (window != null && window.ends().isAfter(now)) ? window : null;
	}

	private void prune(Instant now) {
		if (this.windows.size() > PRUNE_ABOVE && now.isAfter(this.nextPrune)) {
			this.windows.values().removeIf((window) -> !window.ends().isAfter(now));
			this.nextPrune = now.plus(PRUNE_INTERVAL);
		}
	}

}
