package dev.taxi.load;

import java.time.Duration;

/**
 * What a load run is pointed at and how hard it pushes, from system properties, so one simulation
 * serves both the build's smoke run and a real measurement without editing code.
 *
 * @param httpUrl the server's base URL, e.g. {@code http://localhost:8080}, or {@code embedded} for a
 *        server started in the load generator's own JVM ({@link EmbeddedServer})
 * @param riders how many virtual riders arrive over the run
 * @param duration how long their arrival is spread over
 * @param p99Millis the bound the 99th percentile of response times must stay under
 */
record LoadSettings(String httpUrl, int riders, Duration duration, int p99Millis) {

	static LoadSettings fromSystemProperties() {
		return new LoadSettings(
				System.getProperty("taxi.url", "http://localhost:8080").replaceAll("/+$", ""),
				Integer.getInteger("taxi.users", 10),
				Duration.ofSeconds(Integer.getInteger("taxi.seconds", 10)),
				Integer.getInteger("taxi.p99.millis", 1000));
	}

	boolean embedded() {
		return "embedded".equals(this.httpUrl);
	}

	/** The same settings aimed at another server, e.g. the embedded one once it listens. */
	LoadSettings at(String url) {
		return new LoadSettings(url, this.riders, this.duration, this.p99Millis);
	}

	/** The WebSocket base URL of the same server: {@code http} becomes {@code ws}, {@code https} {@code wss}. */
	String wsUrl() {
		return this.httpUrl.replaceFirst("^http", "ws");
	}

}
