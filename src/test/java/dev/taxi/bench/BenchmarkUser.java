package dev.taxi.bench;

import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** One rider signed up and logged in on a benchmark's instance; its connections are the group members. */
record BenchmarkUser(String access) {

	static BenchmarkUser signUp(int port) {
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30)).build();
		String username = "bench-" + System.nanoTime();
		http.post().uri("/api/sign_up/").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password1", "pAssw0rd!", "password2", "pAssw0rd!", "group", "rider"))
			.exchange().expectStatus().isCreated();
		JsonNode tokens = http.post().uri("/api/log_in/").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", "pAssw0rd!")).exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		return new BenchmarkUser(tokens.get("access").asString());
	}

}
