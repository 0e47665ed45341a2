package dev.taxi.load;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import org.jspecify.annotations.Nullable;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Riders arriving at a steady pace, each signing up, logging in and requesting a trip over WebSocket:
 * the path every ride starts with, end to end through REST, the socket, the database and the channel
 * layer. Fails on any failed request, or when the 99th percentile of response times exceeds the bound.
 *
 * <p>Settings come from system properties ({@link LoadSettings}): {@code taxi.url}, {@code taxi.users},
 * {@code taxi.seconds}, {@code taxi.p99.millis}; {@code -Dtaxi.url=embedded} starts the server in this JVM.
 */
public class RideSimulation extends Simulation {

	private final LoadSettings requested = LoadSettings.fromSystemProperties();

	private final @Nullable EmbeddedServer server = this.requested.embedded() ? EmbeddedServer.start() : null;

	private final LoadSettings settings = this.server != null ? this.requested.at(this.server.url()) : this.requested;

	private final HttpProtocolBuilder protocol = http.baseUrl(this.settings.httpUrl())
		.wsBaseUrl(this.settings.wsUrl())
		.acceptHeader("application/json");

	private final ScenarioBuilder riders = scenario("riders")
		.exec(Rider.signUpAndLogIn())
		.exec(Rider.requestTrip());

	{
		setUp(this.riders.injectOpen(rampUsers(this.settings.riders()).during(this.settings.duration())))
			.protocols(this.protocol)
			.assertions(
					global().failedRequests().count().is(0L),
					global().responseTime().percentile(99.0).lt(this.settings.p99Millis()));
	}

	@Override
	public void after() {
		if (this.server != null) {
			this.server.close();
		}
	}

}
