package dev.taxi.auth;

import java.time.Duration;

import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A client that opens a connection of its own for each request. For requests the server answers
 * before it has read the whole body (too large, malformed): it closes that connection afterwards,
 * which must not be handed from the shared pool to the next test.
 */
final class FreshConnection {

	private FreshConnection() {
	}

	static WebTestClient client(int port) {
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

}
