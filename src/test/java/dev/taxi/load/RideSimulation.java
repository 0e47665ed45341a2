package dev.taxi.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import org.jspecify.annotations.Nullable;

import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitBlockOnFail;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * Whole rides under load, over v2 ({@code taxi.v2}): riders request trips at a steady rate, every
 * connected driver hears each request, the free ones race to accept it, exactly one wins and drives
 * the trip to {@code COMPLETED}, sending its location to the rider on the way.
 *
 * <p>The model. A fixed pool of drivers ({@link Driver}) signs up and connects first and stays
 * connected for the whole run, each keeping the list of open requests it hears and accepting one
 * whenever free; the losers of a race are refused ({@code conflict}) and try another. A fixed pool
 * of riders ({@link Rider}) signs up (once: sign-up hashes with bcrypt on purpose, so it cannot be
 * paid per trip) and, once every driver is connected, each rider requests a trip every
 * {@code riders / rate} seconds and follows it to the end. The rate holds as long as a ride is
 * shorter than that interval and enough drivers are free; otherwise Gatling's figures show it falls.
 *
 * <p>Steps in the report: riders' {@code create trip} (request to {@code trip.created}), {@code driver
 * found} (to the rider hearing {@code STARTED}: dispatch, the race and the accept), {@code location
 * relayed}, {@code picked up}, {@code dropped off} (the trip's next events, each timed from the
 * previous one, so they include the driver's pauses between locations) and {@code trip record} (REST); drivers' {@code accept} (winner
 * and losers alike), {@code pick up} and {@code drop off} (each change to its {@code trip.updated}).
 * Two latencies no single user can time are printed after the run ({@link RideLedger}): dispatch,
 * from the trip's creation at the server to each driver reading {@code trip.requested}, and location
 * relay, from the server reading {@code update.location} to the rider reading {@code driver.location}.
 * A user hears only while idle or waiting for that frame: Gatling keeps no frame that arrives while
 * its user waits for another, so a driver busy with a ride misses the requests meanwhile, as a
 * driver on a ride does, and dispatch counts the deliveries to drivers who were free.
 *
 * <p>Fails on any failed request or check (a missing or wrong answer within 10 s, an accept answered
 * otherwise than won or {@code conflict}, a trip with other than one winner), or when the 99th percentile of any ride step reaches the bound.
 *
 * <p>Settings come from system properties ({@link LoadSettings}): {@code taxi.url}, {@code taxi.drivers.url}, {@code taxi.users},
 * {@code taxi.drivers}, {@code taxi.rate}, {@code taxi.seconds}, {@code taxi.locations},
 * {@code taxi.location.millis}, {@code taxi.p99.millis}; {@code -Dtaxi.url=embedded} starts the server in this JVM.
 */
public class RideSimulation extends Simulation {

	private static final List<String> STEPS = List.of("create trip", "driver found", "location relayed", "picked up", "dropped off",
			"trip record", "accept", "pick up", "drop off");

	private final LoadSettings requested = LoadSettings.fromSystemProperties();

	private final @Nullable EmbeddedServer server = this.requested.embedded() ? EmbeddedServer.start() : null;

	private final LoadSettings settings = this.server != null ? this.requested.at(this.server.url()) : this.requested;

	private final RideLedger ledger = new RideLedger(this.settings.drivers(), this.settings.riders());

	private final HttpProtocolBuilder riderProtocol = protocol(this.settings.httpUrl(), this.settings.wsUrl());

	private final HttpProtocolBuilder driverProtocol = protocol(this.settings.driversHttpUrl(), this.settings.driversWsUrl());

	private final ScenarioBuilder drivers = scenario("drivers")
		.exec(Driver.rideWhile(this.ledger, this.settings));

	private final ScenarioBuilder riders = scenario("riders")
		.exec(exitBlockOnFail().on(
				exec(Accounts.signUpAndLogIn("rider")),
				exec(Accounts.connect("rider")),
				asLongAsDuring((session) -> !this.ledger.driversReady(), Duration.ofSeconds(60))
					.on(pause(Duration.ofMillis(50))),
				// Spread the riders over one interval, so they do not all request at once.
				pause(Duration.ZERO, this.settings.tripEvery()),
				// A failed ride is counted, and the rider requests the next one as usual.
				during(this.settings.duration()).on(pace(this.settings.tripEvery()),
						exitBlockOnFail().on(exec(Rider.ride(this.ledger))), exec(Session::markAsSucceeded)),
				exec(ws("close rider").close())))
		.exec((session) -> {
			this.ledger.riderDone();
			return session;
		});

	{
		Duration signUps = Duration.ofSeconds(Math.max(1, this.settings.riders() / 20));
		setUp(this.drivers.injectOpen(atOnceUsers(this.settings.drivers())).protocols(this.driverProtocol),
				this.riders.injectOpen(rampUsers(this.settings.riders()).during(signUps)).protocols(this.riderProtocol))
			.maxDuration(this.settings.duration().plus(signUps).plusSeconds(120))
			.assertions(assertions());
	}

	private static HttpProtocolBuilder protocol(String httpUrl, String wsUrl) {
		return http.baseUrl(httpUrl)
			.wsBaseUrl(wsUrl)
			// Frames no step waits for (requests, taken trips, locations) are kept for the users to read.
			.wsUnmatchedInboundMessageBufferSize(100_000)
			.acceptHeader("application/json");
	}

	private List<Assertion> assertions() {
		List<Assertion> assertions = new ArrayList<>();
		assertions.add(global().failedRequests().count().is(0L));
		for (String step : STEPS) {
			assertions.add(details(step).successfulRequests().count().gt(0L));
			assertions.add(details(step).responseTime().percentile(99.0).lt(this.settings.p99Millis()));
		}
		return assertions;
	}

	@Override
	public void after() {
		System.out.println(this.ledger.summary());
		if (this.server != null) {
			this.server.close();
		}
	}

}
