package dev.taxi.trips;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drivers accepting the same trip at the same moment: the database decides, exactly one wins,
 * and the loser is shown who did.
 */
@TaxiServerTest
class AcceptRaceTests {

	private static final int ROUNDS = 30;

	@LocalServerPort
	int port;

	@Test
	void ofTwoDriversAcceptingAtOnceExactlyOneWins() {
		TaxiApi api = new TaxiApi(this.port);
		TestUser rider = api.rider();
		TestUser first = api.driver();
		TestUser second = api.driver();
		List<Long> winners = new ArrayList<>();
		try (SocketClient riderSocket = api.connect(rider); SocketClient firstSocket = api.connect(first);
				SocketClient secondSocket = api.connect(second)) {
			for (int round = 0; round < ROUNDS; round++) {
				riderSocket.send("create.trip", Map.of("pick_up_address", "A" + round, "drop_off_address", "B"));
				JsonNode trip = riderSocket.next().get("data");
				firstSocket.next();
				secondSocket.next();
				// Alternate who sends first, so neither driver is always ahead.
				SocketClient[] order = (round % 2 == 0) ? new SocketClient[] { firstSocket, secondSocket }
						: new SocketClient[] { secondSocket, firstSocket };
				order[0].send("update.trip", accept(trip, (order[0] == firstSocket) ? first : second));
				order[1].send("update.trip", accept(trip, (order[1] == firstSocket) ? first : second));

				JsonNode toFirst = firstSocket.next().get("data");
				JsonNode toSecond = secondSocket.next().get("data");
				JsonNode toRider = riderSocket.next().get("data");
				long winner = toRider.get("driver").get("id").asLong();
				assertThat(winner).isIn(first.id(), second.id());
				// Both drivers, winner and loser, now see the same trip: STARTED, driven by the winner.
				assertThat(toFirst).isEqualTo(toRider);
				assertThat(toSecond).isEqualTo(toRider);
				assertThat(toRider.get("status").asString()).isEqualTo("STARTED");
				riderSocket.expectNothingElse();
				firstSocket.expectNothingElse();
				secondSocket.expectNothingElse();
				JsonNode stored = api.http().get().uri("/api/trip/" + trip.get("id").asString() + "/")
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + rider.access()).exchange().expectStatus().isOk()
					.expectBody(JsonNode.class).returnResult().getResponseBody();
				assertThat(stored.get("driver").get("id").asLong()).isEqualTo(winner);
				winners.add(winner);
			}
		}
		assertThat(winners).hasSize(ROUNDS);
	}

	private static Map<String, Object> accept(JsonNode trip, TestUser driver) {
		return Map.of("id", trip.get("id").asString(), "status", "STARTED", "driver", driver.id());
	}

}
