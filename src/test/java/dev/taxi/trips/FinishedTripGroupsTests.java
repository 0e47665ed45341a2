package dev.taxi.trips;

import java.time.Duration;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static dev.taxi.trips.V2Steps.expectEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sockets that stay connected leave the groups of their trips once those are finished (a sweep
 * every 200 ms here, for trips finished for longer than half a second): a driver on a long shift
 * does not collect a group per trip. The group of a trip still open is kept, and its sockets go
 * on hearing it.
 */
@TaxiServerTest
@TestPropertySource(properties = { "taxi.trips.finished-groups.sweep=200ms", "taxi.trips.finished-groups.settle=500ms",
		HttpSteps.NO_MESSAGE_RATE_LIMIT })
class FinishedTripGroupsTests {

	@LocalServerPort
	int port;

	@Autowired
	ChannelLayer layer;

	@Test
	void theGroupOfAFinishedTripIsLeftAndTheGroupOfATripUnderWayIsKept() {
		TaxiApi api = new TaxiApi(this.port);
		HttpSteps http = new HttpSteps(api, this.port);
		try (HttpSteps.Ride ride = http.startedRide()) {
			HttpSteps.advance(ride, HttpSteps.advance(ride, ride.trip(), "IN_PROGRESS"), "COMPLETED");
			JsonNode next = new V2Steps(api).requestTrip(ride.riderSocket());
			String nextId = next.get("id").asString();
			assertThat(expectEvent(ride.driverSocket(), "trip.requested").get("id").asString()).isEqualTo(nextId);
			assertThat(this.layer.localGroups()).contains(ride.tripId(), nextId);

			await().atMost(Duration.ofSeconds(10)).until(() -> !this.layer.localGroups().contains(ride.tripId()));
			assertThat(this.layer.localGroups()).contains(nextId, TripGroups.DRIVERS);

			// The sockets still hear the trip under way.
			JsonNode accepted = V2Steps.accept(ride.driverSocket(), ride.driver(), next);
			assertThat(expectEvent(ride.riderSocket(), "trip.updated")).isEqualTo(accepted);
		}
	}

}
