package dev.taxi.test;

import java.util.Map;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole ride, as the reference client drives it, checked at every step on both sides. */
public final class Rides {

	private static final String PICK_UP = "123 Main Street";

	private static final String DROP_OFF = "456 South Street";

	private Rides() {
	}

	/**
	 * The rider requests a trip, the driver hears of it, accepts, picks up and completes; after
	 * each step both hear the same trip, once, and nothing else.
	 */
	public static void rideToCompletion(TestUser rider, SocketClient riderSocket, TestUser driver,
			SocketClient driverSocket) {
		riderSocket.send("create.trip",
				Map.of("pick_up_address", PICK_UP, "drop_off_address", DROP_OFF, "rider", rider.id()));
		JsonNode created = riderSocket.next();
		assertThat(created.get("type").asString()).isEqualTo("echo.message");
		JsonNode trip = created.get("data");
		assertThat(trip.get("status").asString()).isEqualTo("REQUESTED");
		assertThat(trip.get("rider").get("id").asLong()).isEqualTo(rider.id());
		assertThat(trip.get("driver").isNull()).isTrue();

		JsonNode offered = driverSocket.next();
		assertThat(offered.get("data")).isEqualTo(trip);

		for (String status : new String[] { "STARTED", "IN_PROGRESS", "COMPLETED" }) {
			driverSocket.send("update.trip", Map.of("id", trip.get("id").asString(), "pick_up_address", PICK_UP,
					"drop_off_address", DROP_OFF, "status", status, "driver", driver.id()));
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
