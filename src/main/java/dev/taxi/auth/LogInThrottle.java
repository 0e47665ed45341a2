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

import dev.taxi.web.Problems;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Slows down, then refuses, log-ins for a username or from a client address that failed too
 * often lately: after {@code slowAfter} failures each failed answer waits longer (without holding
 * a thread), and once {@code maxFailures} failed within the window, every attempt is answered
 * {@code 429} with {@code Retry-After} until the window ends, the right password included. Each
 * count is its own: failures against other usernames from other addresses never slow anyone.
 */
final class LogInThrottle {

	private final FailureCounter counter;

	private final LogInThrottleProperties properties;

	LogInThrottle(FailureCounter counter, LogInThrottleProperties properties) {
		this.counter = counter;
		this.properties = properties;
	}

	/** Runs a log-in attempt unless it is refused; an empty result is a failed attempt. */
	<T> Mono<T> attempt(String username, @Nullable InetSocketAddress client, Mono<T> logIn) {
		return this.counter.admit(keys(username, client)).flatMap((admission) -> {
			if (admission.isRefused()) {
				return Mono.error(tooMany(admission.refusedFor()));
			}
			// Anything but wrong credentials (a database that does not answer, say) is no failure.
			return logIn.flatMap((result) -> admission.forgive().thenReturn(result))
				.onErrorResume((ex) -> admission.forgive().then(Mono.error(ex)))
				.switchIfEmpty(Mono.defer(() -> slowDown(admission.count())));
		});
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

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
