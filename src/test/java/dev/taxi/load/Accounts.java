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
 * Signing up, logging in and opening the v2 socket, as the reference client would. Usernames are
 * random rather than fed, so runs never collide with each other or with users a long-running server
 * already holds; they start with {@code load-rider-} or {@code load-driver-}, so a run's leftovers
 * can be found.
 */
final class Accounts {

	static final String PASSWORD = "pAssw0rd!";

	private Accounts() {
	}

	/** Leaves {@code username} and {@code access} in the session. */
	static ChainBuilder signUpAndLogIn(String group) {
		return exec(session -> session.set("username", "load-" + group + "-" + UUID.randomUUID()))
			.exec(http("sign up " + group).post("/api/sign_up/")
				.body(StringBody("""
						{"username": "#{username}", "first_name": "Load", "last_name": "User",
						 "password1": "%s", "password2": "%s", "group": "%s"}""".formatted(PASSWORD, PASSWORD, group)))
				.asJson()
				.check(status().is(201)))
			.exec(http("log in " + group).post("/api/log_in/")
				.body(StringBody("""
						{"username": "#{username}", "password": "%s"}""".formatted(PASSWORD)))
				.asJson()
				.check(status().is(200), jsonPath("$.access").saveAs("access")));
	}

	/** The socket, on v2: typed events and errors that answer a message's {@code id} with {@code ref}. */
	static ChainBuilder connect(String group) {
		return exec(ws("connect " + group).connect("/taxi/?token=#{access}").subprotocol("taxi.v2"));
	}

}
