package dev.taxi.trips;

import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole ride over real sockets, as the reference client drives it. */
@TaxiServerTest
class RideTests {

	@LocalServerPort
	int port;

	TaxiApi api;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
	}

	@Test
	void riderRequestsDriverAcceptsDrivesAndCompletes() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connect(rider); SocketClient driverSocket = this.api.connect(driver)) {
			riderSocket.send("create.trip", Map.of("pick_up_address", "123 Main Street", "drop_off_address",
					"456 South Street", "rider", rider.id()));
			JsonNode created = riderSocket.next();
			assertThat(created.get("type").asString()).isEqualTo("echo.message");
			JsonNode trip = created.get("data");
			assertThat(trip.get("status").asString()).isEqualTo("REQUESTED");
			assertThat(trip.get("rider").get("id").asLong()).isEqualTo(rider.id());
			assertThat(trip.get("driver").isNull()).isTrue();

			JsonNode offered = driverSocket.next();
			assertThat(offered.get("data").get("id").asString()).isEqualTo(trip.get("id").asString());

			for (String status : new String[] { "STARTED", "IN_PROGRESS", "COMPLETED" }) {
				driverSocket.send("update.trip", Map.of("id", trip.get("id").asString(), "pick_up_address",
						"123 Main Street", "drop_off_address", "456 South Street", "status", status, "driver", driver.id()));
				JsonNode toDriver = driverSocket.next();
				JsonNode toRider = riderSocket.next();
				assertThat(toDriver.get("data").get("status").asString()).isEqualTo(status);
				assertThat(toRider).isEqualTo(toDriver);
				assertThat(toRider.get("data").get("driver").get("id").asLong()).isEqualTo(driver.id());
			}
			riderSocket.expectNothingElse();
			driverSocket.expectNothingElse();
		}
	}

}
