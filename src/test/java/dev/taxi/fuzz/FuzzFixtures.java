package dev.taxi.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestUser;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The fuzzing users and trips in every state a message can meet, set up through the server
 * itself: a rider with a requested trip, two trips a driver accepted and one he completed, a
 * trip another driver accepted; another rider with a requested trip of her own.
 */
record FuzzFixtures(TestUser rider, TestUser driver, TestUser otherRider, TestUser otherDriver, List<String> tripIds) {

	static FuzzFixtures create(TaxiApi api) {
		TestUser rider = api.rider();
		TestUser driver = api.driver();
		TestUser otherRider = api.rider();
		TestUser otherDriver = api.driver();
		List<String> trips = new ArrayList<>();
		try (SocketClient riderSocket = api.connectV2(rider);
				SocketClient otherRiderSocket = api.connectV2(otherRider);
				SocketClient driverSocket = api.connectV2(driver);
				SocketClient otherDriverSocket = api.connectV2(otherDriver)) {
			String requested = request(riderSocket);
			String accepted = request(riderSocket);
			String acceptedToo = request(riderSocket);
			String completed = request(riderSocket);
			String acceptedByOther = request(riderSocket);
			String othersRequest = request(otherRiderSocket);
			for (String trip : List.of(accepted, acceptedToo, completed)) {
				advance(driverSocket, trip, "STARTED");
			}
			advance(driverSocket, completed, "IN_PROGRESS");
			advance(driverSocket, completed, "COMPLETED");
			advance(otherDriverSocket, acceptedByOther, "STARTED");
			trips.addAll(List.of(requested, accepted, acceptedToo, completed, acceptedByOther, othersRequest));
		}
		return new FuzzFixtures(rider, driver, otherRider, otherDriver, List.copyOf(trips));
	}

	List<TestUser> users() {
		return List.of(this.rider, this.driver, this.otherRider, this.otherDriver);
	}

	private static String request(SocketClient rider) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", "create.trip");
		message.put("id", "fixture");
		message.put("data", Map.of("pick_up_address", "1 Fixture Lane", "drop_off_address", "2 Fixture Lane"));
		rider.sendJson(message);
		JsonNode created = next(rider, "trip.created", null);
		return created.get("data").get("id").asString();
	}

	private static void advance(SocketClient driver, String trip, String status) {
		driver.send("update.trip", Map.of("id", trip, "status", status));
		next(driver, "trip.updated", trip);
	}

	/** Skips what else the socket hears (other trips requested, taken) up to the frame wanted. */
	private static JsonNode next(SocketClient socket, String type, @Nullable String trip) {
		while (true) {
			JsonNode frame = socket.next();
			if (frame.path("type").asString("").equals("error")) {
				throw new IllegalStateException("Setting the fuzzing trips up failed: " + frame);
			}
			if (frame.path("type").asString("").equals(type)
					&& (trip == null || trip.equals(frame.path("data").path("id").asString("")))) {
				return frame;
			}
		}
	}

}
