package dev.taxi.load;

import java.util.List;
import java.util.UUID;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.WsFrameCheck;
import tools.jackson.databind.JsonNode;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * What one virtual rider does on each ride: request a trip and follow it to the end, as the reference
 * client's rider dashboard does. Each step waits for the event the rider sees next: {@code trip.created}
 * answering the request, then the trip's {@code trip.updated} as it becomes {@code STARTED} (some
 * driver won the race), {@code IN_PROGRESS} and {@code COMPLETED}. The {@code driver.location}
 * frames heard meanwhile are counted; at the end the trip's REST record must be {@code COMPLETED},
 * driven by the driver the rider saw accept, who must be the one driver told he won, and at
 * least one of his locations must have reached the rider.
 */
final class Rider {

	private Rider() {
	}

	static ChainBuilder ride(RideLedger ledger) {
		return exec(session -> session.set("ride", "create-" + UUID.randomUUID()))
			.exec(ws("create trip").sendText("""
					{"type": "create.trip", "id": "#{ride}", "data": {"pick_up_address": "1 Load St", "drop_off_address": "2 Test Ave"}}""")
				.await(10).on(ws.checkTextMessage("create trip")
					.matching(jsonPath("$.ref").isEL("#{ride}"))
					.check(jsonPath("$.type").is("trip.created"), jsonPath("$.data.status").is("REQUESTED"),
							jsonPath("$.data.id").saveAs("tripId")))
				.await(10).on(statusSeen("driver found", "STARTED")
					.check(jsonPath("$.data.driver.username").saveAs("driver")))
				.await(10).on(statusSeen("picked up", "IN_PROGRESS"))
				.await(10).on(statusSeen("dropped off", "COMPLETED")))
			.exec(ws.processUnmatchedMessages((messages, session) -> countLocations(messages, session, ledger)))
			.exec(http("trip record").get("/api/trip/#{tripId}/")
				.header("Authorization", "Bearer #{access}")
				.check(status().is(200), jsonPath("$.status").is("COMPLETED"),
						jsonPath("$.driver.username").isEL("#{driver}"),
						jsonPath("$.id").transform(ledger::winnersOf).is(1),
						jsonPath("$.id").transformWithSession((id, session) -> session.getInt("locations")).gte(1)));
	}

	/** The trip's {@code trip.updated} with this status; the rider has one trip at a time. */
	private static WsFrameCheck.Text statusSeen(String step, String status) {
		return ws.checkTextMessage(step)
			.matching(jsonPath("$.type").is("trip.updated"), jsonPath("$.data.status").is(status))
			.check(jsonPath("$.data.id").isEL("#{tripId}"));
	}

	private static Session countLocations(List<WsInboundMessage> messages, Session session, RideLedger ledger) {
		String trip = session.getString("tripId");
		int heard = 0;
		for (WsInboundMessage message : messages) {
			if (message instanceof WsInboundMessage.Text text) {
				JsonNode frame = Frames.parse(text.message());
				if (Frames.type(frame).equals("driver.location") && Frames.tripId(frame).equals(trip)) {
					heard++;
					ledger.relayed(Frames.lagMillis(frame, "at", text.timestamp()));
				}
			}
		}
		return session.set("locations", heard);
	}

}
