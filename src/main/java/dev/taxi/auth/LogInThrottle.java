package dev.taxi.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taxi.web.Problems;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Slows down, then refuses, log-ins for a username or from a client address that failed too
 * often lately: after {@code slowAfter} failures each failed answer waits longer (without holding
 * a thread), and once {@code maxFailures} failed within the window, every attempt is answered
 * {@code 429} with {@code Retry-After} until the window ends, the right password included. Each
 * count is its own: failures against other usernames from other addresses never slow anyone, and
 * log-ins that succeed never count, however many run at once from one address.
 */
final class LogInThrottle {

	private static final Duration WAIT_FOR_A_PLACE = Duration.ofMillis(50);

	private static final int WAITS_FOR_A_PLACE = 100;

	private final FailureCounter counter;

	private final LogInThrottleProperties properties;

	LogInThrottle(FailureCounter counter, LogInThrottleProperties properties) {
		this.counter = counter;
		this.properties = properties;
	}

	/** Runs a log-in attempt unless it is refused; an empty result is a failed attempt. */
	<T> Mono<T> attempt(String username, @Nullable InetSocketAddress client, Mono<T> logIn) {
		return admission(keys(username, client)).flatMap((admission) -> run(logIn, admission));
	}

	private <T> Mono<T> run(Mono<T> logIn, FailureCounter.Admission admission) {
		// The place is given back once, whether the attempt failed, succeeded or was abandoned.
		AtomicBoolean ended = new AtomicBoolean();
		Mono<Void> release = Mono.defer(() -> ended.compareAndSet(false, true) ? admission.release() : Mono.empty());
		Mono<Long> fail = Mono.defer(() -> ended.compareAndSet(false, true) ? admission.fail() : Mono.just(0L));
		// Anything but wrong credentials (a database that does not answer, say) is no failure.
		return logIn.flatMap((result) -> release.thenReturn(result))
			.onErrorResume((ex) -> release.then(Mono.error(ex)))
			.switchIfEmpty(Mono.defer(() -> fail.flatMap(this::slowDown)))
			.doOnCancel(() -> release.subscribe());
	}

	/**
	 * A place for the attempt; while the places are taken by attempts still running (many log-ins
	 * from one address at once), it waits for one of them to end rather than be refused.
	 */
	private Mono<FailureCounter.Admission> admission(List<String> keys) {
		return Mono.defer(() -> this.counter.admit(keys))
			.flatMap((admission) -> switch (admission.verdict()) {
				case ADMITTED -> Mono.just(admission);
				case REFUSED -> Mono.error(tooMany(admission.refusedFor()));
				case FULL -> Mono.error(new PlacesTaken());
			})
			.retryWhen(Retry.fixedDelay(WAITS_FOR_A_PLACE, WAIT_FOR_A_PLACE)
				.filter(PlacesTaken.class::isInstance)
				.onRetryExhaustedThrow((spec, signal) -> tooMany(Duration.ofSeconds(1))));
	}

	private <T> Mono<T> slowDown(long failures) {
		long beyond = failures - this.properties.slowAfter();
		if (beyond <= 0) {
			return Mono.empty();
		}
		Duration delay = this.properties.delay().multipliedBy(1L << Math.min(beyond - 1, 20));
		return Mono.delay(min(delay, this.properties.maxDelay())).then(Mono.empty());
	}

	private static ErrorResponseException tooMany(Duration refusedFor) {
		long seconds = Math.max(1, (refusedFor.toMillis() + 999) / 1000);
		ErrorResponseException problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS,
				"Too many failed log-ins for this username or from this address: try again in " + seconds + " s");
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
		return problem;
	}

	private static List<String> keys(String username, @Nullable InetSocketAddress client) {
		List<String> keys = new ArrayList<>(2);
		keys.add("user:" + sha256(username));
		InetAddress address = (client != null) ? client.getAddress() : null;
		if (address != null) {
			keys.add("address:" + addressKey(address));
		}
		return keys;
	}

	/** An IPv6 client is counted by its /64, which one subscriber gets whole. */
	private static String addressKey(InetAddress address) {
		if (address instanceof Inet6Address) {
			byte[] bytes = address.getAddress();
			return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
		}
		return address.getHostAddress();
	}

	private static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private static final class PlacesTaken extends RuntimeException {

		PlacesTaken() {
			super("Every place is taken by an attempt still running", null, false, false);
		}

	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
