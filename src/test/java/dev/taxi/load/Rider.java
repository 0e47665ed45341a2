package dev.taxi.load;

import java.util.UUID;

import io.gatling.javaapi.core.ChainBuilder;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

/**
 * What one virtual rider does, as the reference client would: sign up, log in, open the socket,
 * request a trip and wait for it to come back. Usernames are random rather than fed, so runs never
 * collide with each other or with users a long-running server already holds.
 */
final class Rider {

	static final String PASSWORD = "pAssw0rd!";

	private Rider() {
	}

	static ChainBuilder signUpAndLogIn() {
		return exec(session -> session.set("username", "load-rider-" + UUID.randomUUID()))
			.exec(http("sign up").post("/api/sign_up/")
				.body(StringBody("""
						{"username": "#{username}", "first_name": "Load", "last_name": "Rider",
						 "password1": "%s", "password2": "%s", "group": "rider"}""".formatted(PASSWORD, PASSWORD)))
				.asJson()
				.check(status().is(201)))
			.exec(http("log in").post("/api/log_in/")
				.body(StringBody("""
						{"username": "#{username}", "password": "%s"}""".formatted(PASSWORD)))
				.asJson()
				.check(status().is(200), jsonPath("$.access").saveAs("access")));
	}

	/** The trip's round trip is the measured WebSocket figure: from sending {@code create.trip} to its echo. */
	static ChainBuilder requestTrip() {
		return exec(ws("connect").connect("/taxi/?token=#{access}"))
			.exec(ws("create trip")
				.sendText("""
						{"type": "create.trip", "data": {"pick_up_address": "1 Load St", "drop_off_address": "2 Test Ave"}}""")
				.await(10).on(ws.checkTextMessage("trip requested")
					.check(jsonPath("$.type").is("echo.message"), jsonPath("$.data.status").is("REQUESTED"))))
			.exec(ws("close").close());
	}

}
