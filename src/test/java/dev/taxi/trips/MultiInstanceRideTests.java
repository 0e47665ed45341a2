package dev.taxi.trips;

import java.util.Map;

import dev.taxi.test.RequiredServices;
import dev.taxi.test.Rides;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiInstances;
import dev.taxi.test.TestRedisPrefix;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the server sharing the real PostgreSQL and Redis on localhost (under a Redis
 * prefix of their own): the rider on one, the driver on the other, and a whole ride goes exactly
 * as it does on one instance.
 */
@ExtendWith(RequiredServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiInstanceRideTests {

	private ConfigurableApplicationContext one;

	private ConfigurableApplicationContext two;

	@BeforeAll
	void startTwoInstances() {
		// A prefix of their own: the two hear each other, not a developer's server on the same Redis.
		String redisPrefix = TestRedisPrefix.unique();
		this.one = startInstance(redisPrefix);
		this.two = startInstance(redisPrefix);
	}

	private static ConfigurableApplicationContext startInstance(String redisPrefix) {
		return TaxiInstances.start(redisPrefix);
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

	private static TaxiApi api(ConfigurableApplicationContext instance) {
		return TaxiInstances.api(instance);
	}

	@Test
	void riderOnOneInstanceAndDriverOnAnotherRideAsOnOne() {
		TaxiApi riderSide = api(this.one);
		TaxiApi driverSide = api(this.two);
		TestUser rider = riderSide.rider();
		TestUser driver = driverSide.driver();
		try (SocketClient riderSocket = riderSide.connect(rider); SocketClient driverSocket = driverSide.connect(driver)) {
			Rides.rideToCompletion(rider, riderSocket, driver, driverSocket);
		}
	}

	@Test
	void driversOnBothInstancesHearTheRequestAndTheRiderHearsTheAcceptOnce() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		TestUser driverOnA = a.driver();
		TestUser driverOnB = b.driver();
		try (SocketClient riderSocket = a.connect(rider); SocketClient socketOnA = a.connect(driverOnA);
				SocketClient socketOnB = b.connect(driverOnB)) {
			riderSocket.send("create.trip", Map.of("pick_up_address", "A", "drop_off_address", "B"));
			JsonNode trip = riderSocket.next().get("data");
			assertThat(socketOnA.next().get("data")).isEqualTo(trip);
			assertThat(socketOnB.next().get("data")).isEqualTo(trip);

			socketOnB.send("update.trip", Map.of("id", trip.get("id").asString(), "status", "STARTED"));
			JsonNode accepted = socketOnB.next().get("data");
			assertThat(accepted.get("driver").get("id").asLong()).isEqualTo(driverOnB.id());
			assertThat(riderSocket.next().get("data")).isEqualTo(accepted);
			riderSocket.expectNothingElse();
			socketOnA.expectNothingElse();
			socketOnB.expectNothingElse();
		}
	}

	@Test
	void ofDriversOnTwoInstancesAcceptingAtOnceExactlyOneWins() {
		TaxiApi a = api(this.one);
		TaxiApi b = api(this.two);
		TestUser rider = a.rider();
		TestUser driverOnA = a.driver();
		TestUser driverOnB = b.driver();
		try (SocketClient riderSocket = a.connect(rider); SocketClient socketOnA = a.connect(driverOnA);
				SocketClient socketOnB = b.connect(driverOnB)) {
			for (int round = 0; round < 10; round++) {
				riderSocket.send("create.trip", Map.of("pick_up_address", "A" + round, "drop_off_address", "B"));
				JsonNode trip = riderSocket.next().get("data");
				socketOnA.next();
				socketOnB.next();
				socketOnA.send("update.trip", Map.of("id", trip.get("id").asString(), "status", "STARTED"));
				socketOnB.send("update.trip", Map.of("id", trip.get("id").asString(), "status", "STARTED"));
				JsonNode toRider = riderSocket.next().get("data");
				assertThat(toRider.get("driver").get("id").asLong()).isIn(driverOnA.id(), driverOnB.id());
				assertThat(socketOnA.next().get("data")).isEqualTo(toRider);
				assertThat(socketOnB.next().get("data")).isEqualTo(toRider);
				riderSocket.expectNothingElse();
				socketOnA.expectNothingElse();
				socketOnB.expectNothingElse();
			}
		}
	}

}
