package dev.taxi.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.taxi.test.Problems;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Failed log-ins, counted in memory: slowed after a few, refused with 429 after ten, per username
 * and per client address, for a window. Each test is a client of its own loopback address, so that
 * counts of one test never reach another's; the window and the delays are shortened.
 */
@TaxiServerTest
@TestPropertySource(properties = { "taxi.login-throttle.max-failures=10", "taxi.login-throttle.window=15s", "taxi.login-throttle.slow-after=8",
		"taxi.login-throttle.delay=2s", "taxi.login-throttle.max-delay=2s" })
class LogInThrottleTests {

	static final Duration DELAY = Duration.ofSeconds(2);

	static final String WRONG = TaxiApi.PASSWORD + "-not";

	@LocalServerPort
	int port;

	@Test
	void tenFailuresThenEveryAttemptIsRefusedWith429AndRetryAfterTheRightPasswordIncluded() {
		TestUser victim = new TaxiApi(this.port).rider();
		TaxiApi attacker = TaxiApi.from("127.0.0.11", this.port);
		failTenTimes(attacker, victim.username());

		expectRefused(logIn(attacker, victim.username(), WRONG));
		expectRefused(logIn(TaxiApi.from("127.0.0.12", this.port), victim.username(), TaxiApi.PASSWORD));
	}

	@Test
	void failedAnswersAreSlowedButAnotherUserFromAnotherAddressIsNot() {
		TaxiApi api = new TaxiApi(this.port);
		TestUser victim = api.rider();
		TestUser other = api.rider();
		TaxiApi attacker = TaxiApi.from("127.0.0.13", this.port);
		for (int i = 1; i <= 8; i++) {
			logIn(attacker, victim.username(), WRONG).expectStatus().isUnauthorized();
		}
		long started = System.nanoTime();
		logIn(attacker, victim.username(), WRONG).expectStatus().isUnauthorized();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the ninth failure").isGreaterThanOrEqualTo(DELAY);

		TaxiApi elsewhere = TaxiApi.from("127.0.0.14", this.port);
		started = System.nanoTime();
		logIn(elsewhere, other.username(), WRONG).expectStatus().isUnauthorized();
		logIn(elsewhere, other.username(), TaxiApi.PASSWORD).expectStatus().isOk();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("another user's failure and log-in").isLessThan(DELAY);
		// The victim's own log-in goes through as long as the limit is not reached.
		logIn(elsewhere, victim.username(), TaxiApi.PASSWORD).expectStatus().isOk();
	}

	@Test
	void anAddressThatFailsALotIsRefusedForThatAddressOnly() {
		TestUser user = new TaxiApi(this.port).rider();
		TaxiApi sprayer = TaxiApi.from("127.0.0.15", this.port);
		for (int i = 1; i <= 10; i++) {
			logIn(sprayer, TaxiApi.uniqueName("guess"), WRONG).expectStatus().isUnauthorized();
		}
		expectRefused(logIn(sprayer, user.username(), TaxiApi.PASSWORD));
		// X-Forwarded-For is not trusted unless a forwarded-headers strategy is configured.
		expectRefused(sprayer.http().post().uri("/api/log_in/").header("X-Forwarded-For", "127.0.0.16")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", user.username(), "password", TaxiApi.PASSWORD)).exchange());
		logIn(TaxiApi.from("127.0.0.16", this.port), user.username(), TaxiApi.PASSWORD).expectStatus().isOk();
	}

	@Test
	void theRefusalEndsWithTheWindow() {
		TestUser victim = new TaxiApi(this.port).rider();
		TaxiApi attacker = TaxiApi.from("127.0.0.17", this.port);
		failTenTimes(attacker, victim.username());
		long retryAfter = expectRefused(logIn(attacker, victim.username(), TaxiApi.PASSWORD));
		assertThat(retryAfter).isBetween(1L, 15L);

		await().atMost(Duration.ofSeconds(retryAfter + 5)).pollInterval(Duration.ofMillis(250))
			.until(() -> logIn(attacker, victim.username(), TaxiApi.PASSWORD).returnResult(Void.class).getStatus().value() == 200);
	}

	@Test
	void manyLogInsAtOnceFromOneAddressAllSucceed() {
		TestUser user = new TaxiApi(this.port).rider();
		TaxiApi office = TaxiApi.from("127.0.0.18", this.port);
		assertThat(statusesOfLogInsAtOnce(30, List.of(office), user.username(), TaxiApi.PASSWORD)).containsExactly(entry(200, 30L));
		logIn(office, user.username(), TaxiApi.PASSWORD).expectStatus().isOk();
	}

	@Test
	void failuresAtOnceCannotOutrunTheLimit() {
		TestUser victim = new TaxiApi(this.port).rider();
		TaxiApi attacker = TaxiApi.from("127.0.0.19", this.port);
		assertThat(statusesOfLogInsAtOnce(30, List.of(attacker), victim.username(), WRONG))
			.containsOnly(entry(401, 10L), entry(429, 20L));
	}

	/** How many of {@code count} log-ins sent at once, spread over the clients, were answered with each status. */
	static Map<Integer, Long> statusesOfLogInsAtOnce(int count, List<TaxiApi> clients, String username, String password) {
		ExecutorService senders = Executors.newFixedThreadPool(count);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				TaxiApi client = clients.get(i % clients.size());
				answers.add(senders.submit(() -> logIn(client, username, password).returnResult(Void.class).getStatus().value()));
			}
			Map<Integer, Long> statuses = new TreeMap<>();
			for (Future<Integer> answer : answers) {
				statuses.merge(answer.get(60, TimeUnit.SECONDS), 1L, Long::sum);
			}
			return statuses;
		}
		catch (Exception ex) {
			throw new IllegalStateException("A log-in did not answer", ex);
		}
		finally {
			senders.shutdownNow();
		}
	}

	static void failTenTimes(TaxiApi client, String username) {
		for (int i = 1; i <= 10; i++) {
			logIn(client, username, WRONG).expectStatus().isUnauthorized()
				.expectBody().jsonPath("$.detail").isEqualTo("No active account found with the given credentials");
		}
	}

	static WebTestClient.ResponseSpec logIn(TaxiApi client, String username, String password) {
		return client.http().post().uri("/api/log_in/").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password)).exchange();
	}

	/** A 429 problem with {@code Retry-After}; its seconds. */
	static long expectRefused(WebTestClient.ResponseSpec response) {
		AtomicReference<String> retryAfter = new AtomicReference<>();
		response.expectHeader().value(HttpHeaders.RETRY_AFTER, retryAfter::set);
		Problems.expectProblem(response, 429, "/api/log_in/");
		assertThat(retryAfter.get()).as("Retry-After").containsOnlyDigits();
		return Long.parseLong(retryAfter.get());
	}

}
