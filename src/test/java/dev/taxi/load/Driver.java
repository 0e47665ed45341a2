package dev.taxi.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doIfEquals;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * What one virtual driver does: stay connected and keep a list of the open requests it hears
 * ({@code trip.requested} adds one, {@code trip.taken} or {@code trip.canceled} removes it), as the
 * reference client's driver dashboard does. Whenever free, it accepts one of them, picked at random
 * as drivers tap different rows of the same list, so every request draws as many accepts as free
 * drivers pick it. The server answers the winner with {@code trip.updated} ({@code STARTED}, driven
 * by him) and every other with an {@code error} {@code conflict}; anything else fails the step. The
 * winner then drives: {@code update.location} on the way to the pick-up, {@code IN_PROGRESS},
 * {@code update.location} with the rider on board, {@code COMPLETED}; and is free again.
 */
final class Driver {

	private static final String OPEN = "openTrips";

	private Driver() {
	}

	static ChainBuilder rideWhile(RideLedger ledger, LoadSettings settings) {
		return exec(Accounts.signUpAndLogIn("driver"))
			.exec(Accounts.connect("driver"))
			.exec(session -> {
				ledger.driverReady();
				return session.set(OPEN, new OpenTrips());
			})
			.exec(asLongAs((session) -> !ledger.ridesOver()).on(
					pause(Duration.ofMillis(10)),
					ws.processUnmatchedMessages((messages, session) -> pickATrip(messages, session, ledger)),
					doIf((session) -> session.contains("tripId")).then(
							exec(accept()),
							doIfEquals("#{outcome}", "won").then(exec(drive(settings, ledger))),
							exec(refreshList()))))
			.exec(ws("close driver").close());
	}

	/**
	 * Requests that arrive while the driver waits for an answer are never seen (Gatling keeps no
	 * frame that arrives while its user waits for another), so after each attempt he reads the open
	 * requests over REST, as the reference client does on load; only this simulation's riders' ones,
	 * so a run against a shared server leaves other users' trips alone.
	 */
	private static ChainBuilder refreshList() {
		return exec(http("open requests").get("/api/trip/")
			.header("Authorization", "Bearer #{access}")
			.check(status().is(200), bodyString().transformWithSession((body, session) -> {
				session.<OpenTrips>get(OPEN).list(Frames.parse(body));
				return true;
			}).is(true)));
	}

	private static Session pickATrip(List<WsInboundMessage> messages, Session session, RideLedger ledger) {
		OpenTrips open = session.get(OPEN);
		for (WsInboundMessage message : messages) {
			if (message instanceof WsInboundMessage.Text text) {
				open.hear(Frames.parse(text.message()), text.timestamp(), ledger);
			}
		}
		String trip = open.pick();
		return (trip != null) ? session.set("tripId", trip) : session.remove("tripId");
	}

	private static ChainBuilder accept() {
		return exec(ws("accept").sendText("""
				{"type": "update.trip", "id": "accept-#{tripId}", "data": {"id": "#{tripId}", "status": "STARTED"}}""")
			.await(10).on(ws.checkTextMessage("accept")
				.matching(bodyString().transformWithSession((body, session) -> answersAccept(Frames.parse(body), session))
					.is(true))
				.check(bodyString().transformWithSession((body, session) -> outcome(Frames.parse(body), session))
					.in("won", "refused").saveAs("outcome"))))
			.exec(session -> session.remove("tripId").set("trip", session.getString("tripId")));
	}

	/** The winner hears the trip's {@code trip.updated}; a loser the error answering his accept. */
	private static boolean answersAccept(JsonNode frame, Session session) {
		String trip = session.getString("tripId");
		return switch (Frames.type(frame)) {
			case "trip.updated" -> Frames.tripId(frame).equals(trip);
			case "error" -> frame.path("ref").asString("").equals("accept-" + trip);
			default -> false;
		};
	}

	private static String outcome(JsonNode frame, Session session) {
		JsonNode data = frame.path("data");
		if (Frames.type(frame).equals("error")) {
			return data.path("code").asString("").equals("conflict") ? "refused" : "error " + data;
		}
		boolean mine = data.path("driver").path("username").asString("").equals(session.getString("username"));
		return data.path("status").asString("").equals("STARTED") && mine ? "won" : "unexpected " + data;
	}

	private static ChainBuilder drive(LoadSettings settings, RideLedger ledger) {
		return exec(session -> {
			ledger.won(session.getString("trip"));
			return session;
		})
			.exec(sendLocations(settings, ledger))
			.exec(advance("pick up", "IN_PROGRESS"))
			.exec(sendLocations(settings, ledger))
			.exec(advance("drop off", "COMPLETED"));
	}

	private static ChainBuilder sendLocations(LoadSettings settings, RideLedger ledger) {
		return repeat(settings.locations()).on(
				pause(settings.locationEvery()),
				exec(ws("location").sendText("""
						{"type": "update.location", "data": {"lat": 52.52, "lng": 13.405, "heading": 90, "speed": 8.5}}""")),
				exec(session -> {
					ledger.locationSent();
					return session;
				}));
	}

	/** Moves the won trip on; the answer is the trip's {@code trip.updated} with the new status. */
	private static ChainBuilder advance(String step, String status) {
		return exec(ws(step).sendText("""
				{"type": "update.trip", "id": "%s-#{trip}", "data": {"id": "#{trip}", "status": "%s"}}""".formatted(status, status))
			.await(10).on(ws.checkTextMessage(step)
				.matching(bodyString().transformWithSession((body, session) -> answersAdvance(Frames.parse(body), session, status))
					.is(true))
				.check(bodyString().transformWithSession((body, session) -> Frames.type(Frames.parse(body))).is("trip.updated"))));
	}

	private static boolean answersAdvance(JsonNode frame, Session session, String status) {
		String trip = session.getString("trip");
		return switch (Frames.type(frame)) {
			case "trip.updated" -> Frames.tripId(frame).equals(trip) && frame.path("data").path("status").asString("").equals(status);
			case "error" -> frame.path("ref").asString("").equals(status + "-" + trip);
			default -> false;
		};
	}

	/** The requests a driver has heard of and not yet seen taken: his dashboard's list. */
	static final class OpenTrips {

		private final Set<String> open = new LinkedHashSet<>();

		void hear(JsonNode frame, long readAtMillis, RideLedger ledger) {
			switch (Frames.type(frame)) {
				case "trip.requested" -> {
					this.open.add(Frames.tripId(frame));
					ledger.dispatched(Frames.lagMillis(frame, "created", readAtMillis));
				}
				case "trip.taken", "trip.canceled" -> this.open.remove(Frames.tripId(frame));
				default -> {
				}
			}
		}

		/** Adds the requests of this simulation's riders that REST lists as open. */
		void list(JsonNode trips) {
			for (JsonNode trip : trips) {
				if (trip.path("status").asString("").equals("REQUESTED")
						&& trip.path("rider").path("username").asString("").startsWith("load-rider-")) {
					this.open.add(trip.path("id").asString());
				}
			}
		}

		/** One of the open requests at random, no longer listed: a driver tries each request once. */
		@Nullable String pick() {
			if (this.open.isEmpty()) {
				return null;
			}
			List<String> trips = new ArrayList<>(this.open);
			String trip = trips.get(ThreadLocalRandom.current().nextInt(trips.size()));
			this.open.remove(trip);
			return trip;
		}

	}

}
