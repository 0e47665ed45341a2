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

	private final Map<String, Window> failures = new HashMap<>();

	private final Map<String, Integer> running = new HashMap<>();

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
		return Mono.fromSupplier(() -> take(keys));
	}

	private synchronized Admission take(List<String> keys) {
		Instant now = this.clock.instant();
		prune(now);
		Duration refusedFor = Duration.ZERO;
		boolean full = false;
		for (String key : keys) {
			long failed = failed(key, now);
			if (failed >= this.limit) {
				Duration left = Duration.between(now, this.failures.get(key).ends());
				refusedFor = (left.compareTo(refusedFor) > 0) ? left : refusedFor;
			}
			else if (failed + this.running.getOrDefault(key, 0) >= this.limit) {
				full = true;
			}
		}
		if (!refusedFor.isZero()) {
			return Admission.refused(refusedFor);
		}
		if (full) {
			return Admission.FULL;
		}
		keys.forEach((key) -> this.running.merge(key, 1, Integer::sum));
		return Admission.admitted(Mono.fromSupplier(() -> fail(keys)), Mono.fromRunnable(() -> release(keys)));
	}

	private synchronized long fail(List<String> keys) {
		release(keys);
		Instant now = this.clock.instant();
		long highest = 0;
		for (String key : keys) {
			Window window = current(key, now);
			Window counted = (window != null) ? new Window(window.count() + 1, window.ends())
					: new Window(1, now.plus(this.length));
			this.failures.put(key, counted);
			highest = Math.max(highest, counted.count());
		}
		return highest;
	}

	private synchronized void release(List<String> keys) {
		keys.forEach((key) -> this.running.computeIfPresent(key, (name, count) -> (count > 1) ? count - 1 : null));
	}

	private long failed(String key, Instant now) {
		Window window = current(key, now);
		return (window != null) ? window.count() : 0;
	}

	private @Nullable Window current(String key, Instant now) {
		Window window = this.failures.get(key);
		return (window != null && window.ends().isAfter(now)) ? window : null;
	}

	private void prune(Instant now) {
		if (this.failures.size() > PRUNE_ABOVE && now.isAfter(this.nextPrune)) {
			this.failures.values().removeIf((window) -> !window.ends().isAfter(now));
			this.nextPrune = now.plus(PRUNE_INTERVAL);
		}
	}

}
