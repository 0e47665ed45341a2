package dev.taxi.database;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class BatchedLookupsTests {

	private final List<List<Integer>> reads = new CopyOnWriteArrayList<>();

	/** Finds each key's square and its negative, a few milliseconds later, like a query would. */
	private Flux<Map.Entry<Integer, Integer>> squares(Collection<Integer> keys) {
		this.reads.add(new ArrayList<>(keys));
		return Flux.fromIterable(keys)
			.filter((key) -> key >= 0)
			.concatMap((key) -> Flux.just(Map.entry(key, key * key), Map.entry(key, -key * key)))
			.delaySubscription(Duration.ofMillis(20));
	}

	@Test
	void aLookupAloneIsReadAtOnceAndFindsWhatItsKeyFinds() {
		BatchedLookups<Integer, Integer> lookups = new BatchedLookups<>(this::squares, 100, 2);
		StepVerifier.create(lookups.find(3)).expectNext(List.of(9, -9)).verifyComplete();
		StepVerifier.create(lookups.find(-1)).expectNext(List.of()).verifyComplete();
		assertThat(this.reads).containsExactly(List.of(3), List.of(-1));
	}

	@Test
	void lookupsMadeWhileReadsAreOnTheirWayShareTheNextRead() {
		BatchedLookups<Integer, Integer> lookups = new BatchedLookups<>(this::squares, 100, 2);
		List<List<Integer>> found = Flux.range(0, 500)
			.flatMap((key) -> lookups.find(key), 500)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(found).hasSize(500);
		assertThat(found).allSatisfy((values) -> assertThat(values).hasSize(2));
		// Two reads go out alone, the other lookups wait for them and go in batches of at most 100.
		assertThat(this.reads).hasSizeLessThanOrEqualTo(8);
		assertThat(this.reads).allSatisfy((keys) -> assertThat(keys).hasSizeLessThanOrEqualTo(100));
		assertThat(this.reads.stream().mapToInt(List::size).sum()).isEqualTo(500);
	}

	@Test
	void aFailedReadFailsEveryLookupItServedAndTheNextReadGoesOutAgain() {
		boolean[] fail = { true };
		BatchedLookups<Integer, Integer> lookups = new BatchedLookups<>((keys) -> fail[0]
				? Flux.<Map.Entry<Integer, Integer>>error(new IllegalStateException("database down"))
					.delaySubscription(Duration.ofMillis(20))
				: squares(keys), 100, 1);
		StepVerifier.create(Mono.zip(lookups.find(1), lookups.find(2)))
			.expectErrorMessage("database down")
			.verify(Duration.ofSeconds(5));
		fail[0] = false;
		StepVerifier.create(lookups.find(2)).expectNext(List.of(4, -4)).verifyComplete();
	}

}
