package dev.taxi.auth;

import java.util.List;

import dev.taxi.test.RequiredServices;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiInstances;
import dev.taxi.test.TestRedisPrefix;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.taxi.auth.LogInThrottleTests.WRONG;
import static dev.taxi.auth.LogInThrottleTests.logIn;
import static dev.taxi.auth.LogInThrottleTests.statusesOfLogInsAtOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Failed log-ins in the {@code redis} profile: counted in Redis, so that failures on two instances
 * add up; and counted on the instance while Redis does not answer, rather than refusing every
 * log-in or letting every attempt through.
 */
@ExtendWith(RequiredServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogInThrottleRedisTests {

	/** No delays: these tests are about counting. */
	private static final String NO_DELAY = "--taxi.login-throttle.slow-after=10";

	private ConfigurableApplicationContext one;

	private ConfigurableApplicationContext two;

	private ConfigurableApplicationContext withoutRedis;

	@BeforeAll
	void start() {
		String prefix = TestRedisPrefix.unique();
		this.one = TaxiInstances.start(prefix, NO_DELAY);
		this.two = TaxiInstances.start(prefix, NO_DELAY);
		this.withoutRedis = TaxiInstances.start(TestRedisPrefix.unique(), NO_DELAY, "--spring.data.redis.url=redis://localhost:1");
	}

	@AfterAll
	void stop() {
		for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] { this.one, this.two, this.withoutRedis }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@Test
	void failuresOnTwoInstancesAddUp() {
		TestUser victim = TaxiInstances.api(this.one).rider();
		TaxiApi attackerOnOne = TaxiApi.from("127.0.0.21", TaxiInstances.port(this.one));
		TaxiApi attackerOnTwo = TaxiApi.from("127.0.0.21", TaxiInstances.port(this.two));
		for (int i = 1; i <= 5; i++) {
			logIn(attackerOnOne, victim.username(), WRONG).expectStatus().isUnauthorized();
			logIn(attackerOnTwo, victim.username(), WRONG).expectStatus().isUnauthorized();
		}
		logIn(attackerOnOne, victim.username(), TaxiApi.PASSWORD).expectStatus().isEqualTo(429);
		logIn(attackerOnTwo, victim.username(), WRONG).expectStatus().isEqualTo(429);
		logIn(TaxiApi.from("127.0.0.22", TaxiInstances.port(this.two)), victim.username(), TaxiApi.PASSWORD)
			.expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");

		TestUser other = TaxiInstances.api(this.two).rider();
		logIn(TaxiApi.from("127.0.0.22", TaxiInstances.port(this.one)), other.username(), TaxiApi.PASSWORD)
			.expectStatus().isOk();
	}

	@Test
	void failuresAtOnceOnTwoInstancesCannotOutrunTheLimitButLogInsAtOnceAllSucceed() {
		TestUser victim = TaxiInstances.api(this.one).rider();
		List<TaxiApi> attacker = List.of(TaxiApi.from("127.0.0.25", TaxiInstances.port(this.one)),
				TaxiApi.from("127.0.0.25", TaxiInstances.port(this.two)));
		assertThat(statusesOfLogInsAtOnce(30, attacker, victim.username(), WRONG))
			.containsOnly(entry(401, 10L), entry(429, 20L));

		TestUser user = TaxiInstances.api(this.two).rider();
		List<TaxiApi> office = List.of(TaxiApi.from("127.0.0.26", TaxiInstances.port(this.one)),
				TaxiApi.from("127.0.0.26", TaxiInstances.port(this.two)));
		assertThat(statusesOfLogInsAtOnce(30, office, user.username(), TaxiApi.PASSWORD)).containsOnly(entry(200, 30L));
	}

	@Test
	void withoutRedisFailuresAreCountedOnTheInstance() {
		TaxiApi api = TaxiInstances.api(this.withoutRedis);
		TestUser victim = api.rider();
		TaxiApi attacker = TaxiApi.from("127.0.0.23", TaxiInstances.port(this.withoutRedis));
		for (int i = 1; i <= 10; i++) {
			logIn(attacker, victim.username(), WRONG).expectStatus().isUnauthorized();
		}
		logIn(attacker, victim.username(), TaxiApi.PASSWORD).expectStatus().isEqualTo(429);
		TestUser other = api.rider();
		logIn(TaxiApi.from("127.0.0.24", TaxiInstances.port(this.withoutRedis)), other.username(), TaxiApi.PASSWORD)
			.expectStatus().isOk();
	}

}
