package dev.taxi.auth;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Counts failed log-ins per key (a username, a client address) in windows that start with a key's
 * first failure. An attempt takes a place when it starts, so that parallel attempts cannot outrun
 * the limit, but only a failure is counted: attempts that succeed, however many at once, never
 * count against anyone.
 */
interface FailureCounter {

	/**
	 * Takes a place for one attempt under every key: refused when a key has reached the limit with
	 * failures, full (try again shortly) when failures and the attempts still running reach it.
	 */
	Mono<Admission> admit(List<String> keys);

	enum Verdict {

		ADMITTED, FULL, REFUSED

	}

	/**
	 * The answer for one attempt.
	 * @param verdict whether it may run
	 * @param refusedFor how long until it may be tried again, when refused
	 * @param fail counts the attempt as failed and gives back its place; emits the highest failure
	 * count of its keys, this one included
	 * @param release gives back the place of an attempt that did not fail
	 */
	record Admission(Verdict verdict, Duration refusedFor, Mono<Long> fail, Mono<Void> release) {

		static final Admission FULL = new Admission(Verdict.FULL, Duration.ZERO, Mono.just(0L), Mono.empty());

		static Admission admitted(Mono<Long> fail, Mono<Void> release) {
			return new Admission(Verdict.ADMITTED, Duration.ZERO, fail, release);
		}

		static Admission refused(Duration refusedFor) {
			return new Admission(Verdict.REFUSED, refusedFor, Mono.just(0L), Mono.empty());
		}

	}

}
