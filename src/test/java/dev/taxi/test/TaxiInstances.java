package dev.taxi.test;

import java.util.ArrayList;
import java.util.List;

import dev.taxi.TaxiApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Instances of the server for tests of many instances: each a context of its own on a random
 * port, on the real PostgreSQL and Redis, sharing a Redis prefix with the others of its test.
 */
public final class TaxiInstances {

	private TaxiInstances() {
	}

	/** Starts an instance with the {@code postgres} and {@code redis} profiles; arguments are {@code --key=value}. */
	public static ConfigurableApplicationContext start(String redisPrefix, String... arguments) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--taxi.jwt.secret=test-secret-test-secret-test-secret-0123456789", TestRedisPrefix.argument(redisPrefix)));
		all.addAll(List.of(arguments));
		return new SpringApplicationBuilder(TaxiApplication.class).profiles("postgres", "redis").run(all.toArray(String[]::new));
	}

	public static int port(ConfigurableApplicationContext instance) {
		return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port"));
	}

	public static TaxiApi api(ConfigurableApplicationContext instance) {
		return new TaxiApi(port(instance));
	}

	/** The port of an instance's operations endpoints (health details, metrics, Prometheus). */
	public static int managementPort(ConfigurableApplicationContext instance) {
		return Integer.parseInt(instance.getEnvironment().getProperty("local.management.port"));
	}

	/** The operations endpoints of an instance. */
	public static TaxiApi management(ConfigurableApplicationContext instance) {
		return new TaxiApi(managementPort(instance));
	}

}
