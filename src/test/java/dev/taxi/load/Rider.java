package dev.taxi.load;

import java.util.UUID;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.WsFrameCheck;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * What one virtual rider does on each ride: request a trip and follow it to the end, as the reference
 * client's rider dashboard does. Each step waits for the event the rider sees next: {@code trip.created}
 * answering the request, then the trip's {@code trip.updated} as it becomes {@code STARTED} (some
 * driver won the race), the driver's first {@code driver.location}, {@code IN_PROGRESS} and
 * {@code COMPLETED}. At the end the trip's REST record must be {@code COMPLETED}, driven by the
 * driver the rider saw accept, who must be the one driver told he won.
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
				.await(10).on(ws.checkTextMessage("location relayed")
					.matching(jsonPath("$.type").is("driver.location"))
					.check(jsonPath("$.data.trip_id").isEL("#{tripId}"),
							bodyString().transform((body) -> relayLag(body, ledger)).gte(0L)))
				.await(10).on(statusSeen("picked up", "IN_PROGRESS"))
				.await(10).on(statusSeen("dropped off", "COMPLETED")))
			.exec(http("trip record").get("/api/trip/#{tripId}/")
				.header("Authorization", "Bearer #{access}")
				.check(status().is(200), jsonPath("$.status").is("COMPLETED"),
						jsonPath("$.driver.username").isEL("#{driver}"),
						jsonPath("$.id").transform(ledger::winnersOf).is(1)));
	}

	/** The trip's {@code trip.updated} with this status; the rider has one trip at a time. */
	private static WsFrameCheck.Text statusSeen(String step, String status) {
		return ws.checkTextMessage(step)
			.matching(jsonPath("$.type").is("trip.updated"), jsonPath("$.data.status").is(status))
			.check(jsonPath("$.data.id").isEL("#{tripId}"));
	}

	private static long relayLag(String body, RideLedger ledger) {
		long lag = Frames.lagMillis(Frames.parse(body), "at", System.currentTimeMillis());
		ledger.relayed(lag);
		return lag;
	}
}
