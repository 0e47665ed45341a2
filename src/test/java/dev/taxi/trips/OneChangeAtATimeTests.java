package dev.taxi.trips;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class OneChangeAtATimeTests {

	private final OneChangeAtATime changes = new OneChangeAtATime();

	private final List<String> started = new ArrayList<>();

	@Test
	void aChangeOfATripStartsOnlyOnceTheOneBeforeItEndedWhetherItSucceededOrFailed() {
		UUID trip = UUID.randomUUID();
		Sinks.Empty<Void> firstEnds = Sinks.empty();
		Sinks.Empty<Void> secondEnds = Sinks.empty();
		StepVerifier.Step<String> first = StepVerifier.create(this.changes.run(trip, change("first", firstEnds)));
		first.then(() -> this.changes.run(trip, change("second", secondEnds)).subscribe(null, (ex) -> { }))
			.then(() -> this.changes.run(trip, change("third", Sinks.empty(), true)).subscribe())
			.then(() -> assertThat(this.started).containsExactly("first"))
			.then(() -> firstEnds.tryEmitError(new IllegalStateException("refused")))
			.expectError(IllegalStateException.class)
			.verify(Duration.ofSeconds(5));
		assertThat(this.started).containsExactly("first", "second");
		secondEnds.tryEmitEmpty();
		assertThat(this.started).containsExactly("first", "second", "third");
		assertThat(this.changes.pending()).isZero();
	}

	@Test
	void changesOfDifferentTripsDoNotWaitForEachOther() {
		this.changes.run(UUID.randomUUID(), change("one", Sinks.empty())).subscribe();
		this.changes.run(UUID.randomUUID(), change("other", Sinks.empty())).subscribe();
		assertThat(this.started).containsExactly("one", "other");
	}

	@Test
	void aChangeThatDoesNotEndHoldsTheNextOneOnlyForAWhile() {
		UUID trip = UUID.randomUUID();
		StepVerifier.withVirtualTime(() -> {
			this.changes.run(trip, change("stuck", Sinks.empty())).subscribe();
			return this.changes.run(trip, change("next", Sinks.empty(), true));
		})
			.expectSubscription()
			.then(() -> assertThat(this.started).containsExactly("stuck"))
			.thenAwait(OneChangeAtATime.MAX_WAIT)
			.expectNext("next")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	private Mono<String> change(String name, Sinks.Empty<Void> end) {
		return change(name, end, false);
	}

	private Mono<String> change(String name, Sinks.Empty<Void> end, boolean endsAtOnce) {
		return Mono.defer(() -> {
			this.started.add(name);
			return endsAtOnce ? Mono.just(name) : end.asMono().thenReturn(name);
		});
	}

}
