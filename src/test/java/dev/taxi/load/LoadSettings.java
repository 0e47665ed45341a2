package dev.taxi.load;

import java.time.Duration;

/**
 * What a load run is pointed at and how hard it pushes, from system properties, so one simulation
 * serves both the build's smoke run and a real measurement without editing code.
 *
 * @param httpUrl the server's base URL, e.g. {@code http://localhost:8080}, or {@code embedded} for a
 *        server started in the load generator's own JVM ({@link EmbeddedServer})
 * @param driversHttpUrl the base URL the drivers use: another instance of the same cluster, so that
 *        every ride crosses instances; the riders' one unless given
 * @param riders how many virtual riders sign up; each then rides again and again
 * @param drivers how many virtual drivers stay connected and race for every request they hear
 * @param rate trips requested per second, over all riders
 * @param duration how long riders keep requesting trips
 * @param locations how many {@code update.location} a driver sends on each leg (to the pick-up, then with the rider)
 * @param locationEvery the pause before each of them
 * @param p99Millis the bound the 99th percentile of each step's response times must stay under
 */
record LoadSettings(String httpUrl, String driversHttpUrl, int riders, int drivers, double rate, Duration duration, int locations,
		Duration locationEvery, int p99Millis) {

	static LoadSettings fromSystemProperties() {
		String url = System.getProperty("taxi.url", "http://localhost:8080").replaceAll("/+$", "");
		return new LoadSettings(url, System.getProperty("taxi.drivers.url", url).replaceAll("/+$", ""),
				Integer.getInteger("taxi.users", 10),
				Integer.getInteger("taxi.drivers", 5),
				Double.parseDouble(System.getProperty("taxi.rate", "2")),
				Duration.ofSeconds(Integer.getInteger("taxi.seconds", 10)),
				Integer.getInteger("taxi.locations", 2),
				Duration.ofMillis(Integer.getInteger("taxi.location.millis", 100)),
				Integer.getInteger("taxi.p99.millis", 1000));
	}

	boolean embedded() {
		return "embedded".equals(this.httpUrl);
	}

	/** The same settings aimed at another server, e.g. the embedded one once it listens. */
	LoadSettings at(String url) {
		return new LoadSettings(url, url, this.riders, this.drivers, this.rate, this.duration, this.locations,
				this.locationEvery, this.p99Millis);
	}

	/** The WebSocket base URL of the same server: {@code http} becomes {@code ws}, {@code https} {@code wss}. */
	String wsUrl() {
		return webSocketBase(this.httpUrl);
	}

	String driversWsUrl() {
		return webSocketBase(this.driversHttpUrl);
	}

	private static String webSocketBase(String httpUrl) {
		return httpUrl.replaceFirst("^http", "ws");
	}

	/** How often each rider requests a trip, so that all of them together request {@link #rate} per second. */
	Duration tripEvery() {
		return Duration.ofMillis(Math.round(this.riders * 1000 / this.rate));
	}

}
