package dev.taxi.auth;

import dev.taxi.TaxiApplication;
import dev.taxi.test.TestRedisPrefix;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Instances that share Redis must share their signing key: with the {@code redis} profile a
 * missing or short {@code TAXI_JWT_SECRET} stops start-up and says what to set, where each
 * instance would otherwise refuse the others' tokens. Alone, a server still starts without one.
 */
class SharedSecretStartUpTests {

	@Test
	void aRedisInstanceWithoutASecretDoesNotStartAndSaysWhatToSet() {
		assertThat(startUpFailure("redis", "")).contains("TAXI_JWT_SECRET").contains("redis profile")
			.contains("at least 32 bytes");
	}

	@Test
	void aRedisInstanceWithAShortSecretDoesNotStartAndSaysWhatToSet() {
		assertThat(startUpFailure("redis", "thirty-one-bytes-are-not-enough")).contains("TAXI_JWT_SECRET")
			.contains("at least 32 bytes");
	}

	@Test
	void aServerOnItsOwnStartsWithoutASecret() {
		try (ConfigurableApplicationContext context = start("default", "")) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	private static String startUpFailure(String profile, String secret) {
		Throwable failure = catchThrowable(() -> start(profile, secret).close());
		assertThat(failure).as("start-up failed").isNotNull();
		return NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
	}

	private static ConfigurableApplicationContext start(String profile, String secret) {
		return new SpringApplicationBuilder(TaxiApplication.class).profiles(profile)
			.run("--server.port=0", "--management.server.port=0", "--taxi.jwt.secret=" + secret, TestRedisPrefix.argument(TestRedisPrefix.unique()),
					"--spring.main.banner-mode=off");
	}

}
