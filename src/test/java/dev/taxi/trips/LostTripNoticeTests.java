package dev.taxi.trips;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;

import static dev.taxi.trips.V2Steps.accept;
import static dev.taxi.trips.V2Steps.drain;
import static dev.taxi.trips.V2Steps.expectEvent;
import static dev.taxi.trips.V2Steps.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an instance keeps of a driver's trips, for relaying positions, is only as old as its time
 * to live even when the notice of a change never came (as when Redis was away while it was
 * published): a trip ended behind the server's back stops getting positions soon after.
 */
@TaxiServerTest
@TestPropertySource(properties = "taxi.location.active-trips-ttl=1s")
class LostTripNoticeTests {

	private static final long TTL_MILLIS = 1000;

	/** Under the default limit of 5 positions a second. */
	private static final long EVERY_MILLIS = 250;

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Test
	void positionsStopWithinTwiceTheTimeToLiveAfterAChangeNobodyWasToldOf() throws InterruptedException {
		TaxiApi api = new TaxiApi(this.port);
		TestUser rider = api.rider();
		TestUser driver = api.driver();
		try (SocketClient riderSocket = api.connectV2(rider); SocketClient driverSocket = api.connectV2(driver)) {
			JsonNode trip = new V2Steps(api).requestTrip(riderSocket);
			expectEvent(driverSocket, "trip.requested");
			accept(driverSocket, driver, trip);
			expectEvent(riderSocket, "trip.updated");
			send(driverSocket, "update.location", "before", position(0));
			assertThat(expectEvent(riderSocket, "driver.location").get("speed").asInt()).isZero();

			this.db.sql("UPDATE trips SET status = 'CANCELED' WHERE id = :id")
				.bind("id", UUID.fromString(trip.get("id").asString()))
				.fetch()
				.rowsUpdated()
				.block();
			long changed = System.nanoTime();
			int firstTooLate = Integer.MAX_VALUE;
			for (int sequence = 1; sequence <= 16; sequence++) {
				Thread.sleep(EVERY_MILLIS);
				if (firstTooLate == Integer.MAX_VALUE && (System.nanoTime() - changed) / 1_000_000 >= 2 * TTL_MILLIS) {
					firstTooLate = sequence;
				}
				send(driverSocket, "update.location", "after-" + sequence, position(sequence));
			}
			Thread.sleep(EVERY_MILLIS);

			List<Integer> heard = drain(riderSocket).stream()
				.filter((frame) -> frame.path("type").asString().equals("driver.location"))
				.map((frame) -> frame.get("data").get("speed").asInt())
				.toList();
			int deadline = firstTooLate;
			assertThat(deadline).isLessThan(16);
			assertThat(heard).as("positions the rider heard after the trip ended").allMatch(
					(sequence) -> sequence < deadline);
		}
	}

	/** Its sequence number travels as the speed. */
	private static Map<String, Object> position(int sequence) {
		return Map.of("lat", 52.5, "lng", 13.4, "speed", sequence);
	}

}
