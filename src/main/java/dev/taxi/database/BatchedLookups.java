package dev.taxi.database;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Lookups by key that share their reads: a lookup made while no read is on its way goes out at
 * once, alone; lookups made while {@code maxInFlight} reads are on their way wait for the next
 * one, which serves up to {@code maxBatch} of them with a single query. A quiet server answers as
 * fast as with a query per lookup; a busy one (thousands of WebSocket handshakes a second, each
 * reading its user and its trips) makes a few queries where it would have made thousands.
 *
 * @param <K> the key looked up, e.g. a user's id
 * @param <V> what a key finds; a key may find none, one or many
 */
public final class BatchedLookups<K, V> {

	private final Function<Collection<K>, Flux<Map.Entry<K, V>>> read;

	private final int maxBatch;

	private final int maxInFlight;

	private final Queue<Lookup<K, V>> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	/**
	 * @param read reads the keys given, each value found paired with the key it belongs to
	 */
	public BatchedLookups(Function<Collection<K>, Flux<Map.Entry<K, V>>> read, int maxBatch, int maxInFlight) {
		this.read = read;
		this.maxBatch = maxBatch;
		this.maxInFlight = maxInFlight;
	}

	/** What a key finds, in the order read; empty if nothing. */
	public Mono<List<V>> find(K key) {
		return Mono.create((sink) -> {
			this.waiting.add(new Lookup<>(key, sink));
			drain();
		});
	}

	/** Starts reads while there are lookups waiting and room for another read on its way. */
	private void drain() {
		while (!this.waiting.isEmpty()) {
			int reading = this.inFlight.get();
			if (reading >= this.maxInFlight) {
				// The read that finishes next drains again.
				return;
			}
			if (!this.inFlight.compareAndSet(reading, reading + 1)) {
				continue;
			}
			List<Lookup<K, V>> batch = new ArrayList<>();
			for (Lookup<K, V> lookup; batch.size() < this.maxBatch && (lookup = this.waiting.poll()) != null;) {
				batch.add(lookup);
			}
			if (batch.isEmpty()) {
				this.inFlight.decrementAndGet();
				continue;
			}
			readFor(batch);
		}
	}

	private void readFor(List<Lookup<K, V>> batch) {
		Set<K> keys = new LinkedHashSet<>();
		batch.forEach((lookup) -> keys.add(lookup.key()));
		Map<K, List<V>> found = new HashMap<>();
		Flux.defer(() -> this.read.apply(keys))
			.doOnNext((entry) -> found.computeIfAbsent(entry.getKey(), (key) -> new ArrayList<>()).add(entry.getValue()))
			.then()
			.subscribe(null, (failure) -> {
				this.inFlight.decrementAndGet();
				batch.forEach((lookup) -> lookup.sink().error(failure));
				drain();
			}, () -> {
				this.inFlight.decrementAndGet();
				batch.forEach((lookup) -> lookup.sink().success(List.copyOf(found.getOrDefault(lookup.key(), List.of()))));
				drain();
			});
	}

	private record Lookup<K, V>(K key, MonoSink<List<V>> sink) {
	}

}
