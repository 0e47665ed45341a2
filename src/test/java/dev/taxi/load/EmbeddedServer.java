package dev.taxi.load;

import dev.taxi.TaxiApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server on the embedded default (in-memory database and channel layer), started inside the
 * Gatling JVM for the build's smoke run. Living in that JVM, it ends with it: a failed run can never
 * leave a server behind holding a port, as a separately started process would.
 */
final class EmbeddedServer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private EmbeddedServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts the server on a free port. */
	static EmbeddedServer start() {
		return new EmbeddedServer(new SpringApplicationBuilder(TaxiApplication.class)
			.run("--server.port=0", "--management.server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
					"--taxi.jwt.secret=gatling-smoke-run-secret-of-at-least-32-bytes"));
	}

	String url() {
		return "http://localhost:" + this.context.getEnvironment().getRequiredProperty("local.server.port");
	}

	@Override
	public void close() {
		this.context.close();
	}

}
