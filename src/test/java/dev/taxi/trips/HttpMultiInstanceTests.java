package dev.taxi.trips;

import java.util.Map;

import dev.taxi.test.EventStream;
import dev.taxi.test.RequiredServices;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiInstances;
import dev.taxi.test.TestRedisPrefix;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.taxi.trips.V2Steps.accept;
import static dev.taxi.trips.V2Steps.expectEvent;
import static dev.taxi.trips.V2Steps.expectV1Trip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol v2 over HTTP with two instances sharing the real PostgreSQL and Redis (under a Redis
 * prefix of their own): a cancel over REST on one instance is heard by v1 sockets, v2 sockets and
 * event streams on both; an event stream on one follows a ride driven on the other; a log-out on one
 * is refused on the other, and still after an instance restarts on the same database.
 */
@ExtendWith(RequiredServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpMultiInstanceTests {

	private String redisPrefix;

	private ConfigurableApplicationContext one;

	private ConfigurableApplicationContext two;

	@BeforeAll
	void startTwoInstances() {
		this.redisPrefix = TestRedisPrefix.unique();
		this.one = startInstance();
		this.two = startInstance();
	}

	private ConfigurableApplicationContext startInstance() {
		return TaxiInstances.start(this.redisPrefix, "--" + HttpSteps.HEARTBEAT);
	}

	@AfterAll
	void stopInstances() {
		if (this.two != null) {
			this.two.close();
		}
		if (this.one != null) {
			this.one.close();
		}
	}

	private static int port(ConfigurableApplicationContext instance) {
		return TaxiInstances.port(instance);
	}

	private static TaxiApi api(ConfigurableApplicationContext instance) {
		return TaxiInstances.api(instance);
	}

	private static HttpSteps http(ConfigurableApplicationContext instance) {
		return new HttpSteps(api(instance), port(instance));
	}

	@Test
	void aRestCancelOnOneInstanceIsHeardOnBoth() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		TestUser v2DriverUser = b.driver();
		try (SocketClient riderV2 = a.connectV2(rider);
				SocketClient v2DriverOnB = b.connectV2(v2DriverUser); SocketClient v1DriverOnB = b.connect(b.driver());
				SocketClient v2DriverOnA = a.connectV2(a.driver())) {
			JsonNode trip = new V2Steps(a).requestTrip(riderV2);
			String id = trip.get("id").asString();
			assertThat(expectEvent(v2DriverOnB, "trip.requested")).isEqualTo(trip);
			assertThat(expectV1Trip(v1DriverOnB)).isEqualTo(trip);
			assertThat(expectEvent(v2DriverOnA, "trip.requested")).isEqualTo(trip);
			// A v1 connection of the rider opened now follows the trip.
			try (SocketClient riderV1 = a.connect(rider); EventStream streamOnA = http(this.one).events(rider, id);
					EventStream streamOnB = http(this.two).eventsWithQueryToken(rider, id)) {
				assertThat(http(this.one).expectCurrentState(streamOnA)).isEqualTo(trip);
				assertThat(http(this.two).expectCurrentState(streamOnB)).isEqualTo(trip);

				// The rider cancels over REST on instance two; the rider's sockets are on instance one.
				JsonNode canceled = http(this.two).cancelOk(rider, id);
				assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
				assertThat(expectEvent(riderV2, "trip.canceled")).isEqualTo(canceled);
				assertThat(expectV1Trip(riderV1)).isEqualTo(canceled);
				assertThat(expectEvent(v2DriverOnB, "trip.canceled")).isEqualTo(canceled);
				assertThat(expectV1Trip(v1DriverOnB)).isEqualTo(canceled);
				assertThat(expectEvent(v2DriverOnA, "trip.canceled")).isEqualTo(canceled);
				assertThat(streamOnA.expect("trip.canceled")).isEqualTo(canceled);
				assertThat(streamOnB.expect("trip.canceled")).isEqualTo(canceled);
				streamOnA.expectEnd();
				streamOnB.expectEnd();
				for (SocketClient socket : new SocketClient[] { riderV2, riderV1, v2DriverOnB, v1DriverOnB, v2DriverOnA }) {
					socket.expectNothingElse();
				}
				assertThat(http(this.one).stored(rider, id)).isEqualTo(canceled);
			}
		}
	}

	@Test
	void aGiveBackOverRestOnOneInstanceIsHeardOnTheOther() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		TestUser driver = b.driver();
		TestUser nextDriver = a.driver();
		try (SocketClient riderV2 = a.connectV2(rider);
				SocketClient driverSocket = b.connectV2(driver); SocketClient nextDriverSocket = a.connectV2(nextDriver);
				SocketClient v1DriverOnA = a.connect(a.driver())) {
			JsonNode trip = new V2Steps(a).requestTrip(riderV2);
			String id = trip.get("id").asString();
			expectEvent(driverSocket, "trip.requested");
			expectEvent(nextDriverSocket, "trip.requested");
			expectV1Trip(v1DriverOnA);
			JsonNode accepted = accept(driverSocket, driver, trip);
			assertThat(expectEvent(riderV2, "trip.updated")).isEqualTo(accepted);
			assertThat(expectEvent(nextDriverSocket, "trip.taken")).isEqualTo(accepted);
			// A v1 connection of the rider opened now follows the trip.
			try (SocketClient riderV1 = a.connect(rider); EventStream riderStream = http(this.one).events(rider, id)) {
				assertThat(http(this.one).expectCurrentState(riderStream)).isEqualTo(accepted);

				// The driver, whose socket is on instance two, gives the trip back over REST on instance one.
				JsonNode givenBack = http(this.one).cancelOk(driver, id);
				assertThat(givenBack.get("status").asString()).isEqualTo("REQUESTED");
				assertThat(givenBack.get("driver").isNull()).isTrue();
				assertThat(expectEvent(driverSocket, "trip.requested")).isEqualTo(givenBack);
				assertThat(expectEvent(riderV2, "trip.updated")).isEqualTo(givenBack);
				assertThat(expectV1Trip(riderV1)).isEqualTo(givenBack);
				assertThat(expectEvent(nextDriverSocket, "trip.requested")).isEqualTo(givenBack);
				assertThat(expectV1Trip(v1DriverOnA)).isEqualTo(givenBack);
				assertThat(riderStream.expect("trip.updated")).isEqualTo(givenBack);
				for (SocketClient socket : new SocketClient[] { riderV2, riderV1, driverSocket, nextDriverSocket, v1DriverOnA }) {
					socket.expectNothingElse();
				}
				assertThat(riderStream.isEnded()).isFalse();
			}
		}
	}

	@Test
	void aStreamOnOneInstanceFollowsARideDrivenOnTheOther() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		TestUser driver = b.driver();
		try (SocketClient riderSocket = a.connectV2(rider); SocketClient driverSocket = b.connectV2(driver)) {
			JsonNode trip = new V2Steps(a).requestTrip(riderSocket);
			String id = trip.get("id").asString();
			expectEvent(driverSocket, "trip.requested");
			try (EventStream stream = http(this.one).events(rider, id)) {
				assertThat(http(this.one).expectCurrentState(stream)).isEqualTo(trip);

				JsonNode accepted = accept(driverSocket, driver, trip);
				assertThat(expectEvent(riderSocket, "trip.updated")).isEqualTo(accepted);
				assertThat(stream.expect("trip.updated")).isEqualTo(accepted);
				HttpSteps.Ride ride = new HttpSteps.Ride(rider, riderSocket, driver, driverSocket, accepted);

				JsonNode message = HttpSteps.chat(ride, driverSocket, "Two minutes away");
				assertThat(stream.expect("chat.message")).isEqualTo(message);

				driverSocket.send("update.location", Map.of("lat", 48.8566, "lng", 2.3522, "heading", 180, "speed", 5));
				JsonNode location = expectEvent(riderSocket, "driver.location");
				assertThat(stream.expect("driver.location")).isEqualTo(location);

				JsonNode inProgress = HttpSteps.advance(ride, accepted, "IN_PROGRESS");
				assertThat(stream.expect("trip.updated")).isEqualTo(inProgress);
				JsonNode completed = HttpSteps.advance(ride, inProgress, "COMPLETED");
				assertThat(stream.expect("trip.updated")).isEqualTo(completed);
				stream.expectEnd();
				assertThat(http(this.one).history(rider, id, "").get(0).get("id")).isEqualTo(message.get("id"));
			}
		}
	}

	@Test
	void aLogOutOnOneInstanceIsRefusedOnTheOther() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		String otherRefresh = b.logIn(rider.username(), TaxiApi.PASSWORD).get("refresh").asString();
		refresh(b.http(), rider.refresh()).expectStatus().isOk();

		logOut(a.http(), rider).expectStatus().isNoContent();

		expectRevoked(b.http(), rider.refresh());
		expectRevoked(a.http(), rider.refresh());
		refresh(b.http(), otherRefresh).expectStatus().isOk();
		refresh(a.http(), otherRefresh).expectStatus().isOk();
	}

	/**
	 * Last: closing an application context disposes Reactor Netty's global resources, which every
	 * server in this JVM shares, so the other instance does not outlive it here (separate processes would).
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void aLogOutSurvivesARestartOnTheSameDatabase() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		String otherRefresh = a.logIn(rider.username(), TaxiApi.PASSWORD).get("refresh").asString();
		String revokedOnTwo = b.logIn(rider.username(), TaxiApi.PASSWORD).get("refresh").asString();
		logOut(a.http(), rider).expectStatus().isNoContent();
		logOut(b.http(), new TestUser(rider.id(), rider.username(), rider.group(), rider.access(), revokedOnTwo))
			.expectStatus().isNoContent();
		expectRevoked(a.http(), rider.refresh());
		expectRevoked(a.http(), revokedOnTwo);

		// Both instances go down, and a new one comes up on the same database (and Redis prefix).
		this.two.close();
		this.two = null;
		this.one.close();
		this.one = null;
		this.one = startInstance();
		TaxiApi restarted = api(this.one);

		expectRevoked(restarted.http(), rider.refresh());
		expectRevoked(restarted.http(), revokedOnTwo);
		refresh(restarted.http(), otherRefresh).expectStatus().isOk();
		// The user logs in and out again as usual.
		JsonNode fresh = restarted.logIn(rider.username(), TaxiApi.PASSWORD);
		TestUser again = new TestUser(rider.id(), rider.username(), rider.group(), fresh.get("access").asString(),
				fresh.get("refresh").asString());
		refresh(restarted.http(), again.refresh()).expectStatus().isOk();
		logOut(restarted.http(), again).expectStatus().isNoContent();
		expectRevoked(restarted.http(), again.refresh());
		refresh(restarted.http(), otherRefresh).expectStatus().isOk();
	}

	private static WebTestClient.ResponseSpec logOut(WebTestClient http, TestUser user) {
		return http.post().uri("/api/log_out/").headers((headers) -> headers.setBearerAuth(user.access()))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("refresh", user.refresh())).exchange();
	}

	private static WebTestClient.ResponseSpec refresh(WebTestClient http, String token) {
		return http.post().uri("/api/token/refresh/").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh", token)).exchange();
	}

	private static void expectRevoked(WebTestClient http, String token) {
		refresh(http, token).expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("token_not_valid")
			.jsonPath("$.detail").isNotEmpty();
	}

}
