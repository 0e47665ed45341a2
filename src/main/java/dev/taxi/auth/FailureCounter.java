package dev.taxi.auth;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Counts log-in attempts per key (a username, a client address) in windows that start with a key's
 * first attempt. An attempt is counted when it starts, so that parallel attempts cannot outrun the
 * limit, and forgiven once it turns out not to have failed.
 */
interface FailureCounter {

	/**
	 * Counts an attempt against every key, unless one of them has reached the limit: then nothing
	 * is counted and the attempt is refused until that key's window ends.
	 */
	Mono<Admission> admit(List<String> keys);

	/**
	 * The answer for one attempt.
	 * @param count the highest count of its keys, this attempt included (0 if refused)
	 * @param refusedFor how long until it may be tried again; zero if it is admitted
	 * @param forgive takes the attempt back from the counts
	 */
	record Admission(long count, Duration refusedFor, Mono<Void> forgive) {

		static Admission refused(Duration refusedFor) {
			return new Admission(0, refusedFor, Mono.empty());
		}

		boolean isRefused() {
			return !this.refusedFor.isZero();
		}

	}

}
