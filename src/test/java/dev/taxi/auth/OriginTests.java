package dev.taxi.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taxi.channels.socket.Connection;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One list of allowed origins for CORS on REST and for the WebSocket handshake: the reference
 * client's development origin gets in, a page from anywhere else cannot use its user's token.
 */
@TaxiServerTest
class OriginTests {

	private static final String CLIENT = "http://localhost:3001";

	private static final String EVIL = "http://evil.example";

	@LocalServerPort
	int port;

	TaxiApi api;

	WebTestClient http;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
		this.http = this.api.http();
	}

	@Test
	void preflightFromTheClientsOriginIsAllowed() {
		this.http.options()
			.uri("/api/trip/")
			.header(HttpHeaders.ORIGIN, CLIENT)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, CLIENT)
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, (methods) -> assertThat(methods).contains("GET"))
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
					(headers) -> assertThat(headers).containsIgnoringCase("authorization"));
	}

	@Test
	void preflightForLogInFromTheClientsOriginIsAllowed() {
		this.http.options()
			.uri("/api/log_in/")
			.header(HttpHeaders.ORIGIN, CLIENT)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, CLIENT);
	}

	@ParameterizedTest
	@ValueSource(strings = { EVIL, "http://localhost:3001.evil.example", "https://localhost:3001", "null" })
	void preflightFromAnotherOriginIsRefused(String origin) {
		this.http.options()
			.uri("/api/trip/")
			.header(HttpHeaders.ORIGIN, origin)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

	@Test
	void requestFromTheClientsOriginIsAnsweredWithItsOrigin() {
		TestUser rider = this.api.rider();

		this.http.get()
			.uri("/api/trip/")
			.header(HttpHeaders.ORIGIN, CLIENT)
			.headers((headers) -> headers.setBearerAuth(rider.access()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, CLIENT);
	}

	@Test
	void requestFromAnotherOriginGetsNoCorsPermission() {
		TestUser rider = this.api.rider();

		this.http.get()
			.uri("/api/trip/")
			.header(HttpHeaders.ORIGIN, EVIL)
			.headers((headers) -> headers.setBearerAuth(rider.access()))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

	@Test
	void logInFromAnotherOriginGetsNoCorsPermission() {
		TestUser rider = this.api.rider();

		this.http.post()
			.uri("/api/log_in/")
			.header(HttpHeaders.ORIGIN, EVIL)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", rider.username(), "password", TaxiApi.PASSWORD))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

	@ParameterizedTest
	@ValueSource(strings = { EVIL, "http://localhost:3001.evil.example", "https://localhost:3001", "null" })
	void socketHandshakeFromAnotherOriginIsRefusedDespiteAValidToken(String origin) {
		TestUser rider = this.api.rider();

		try (SocketClient socket = SocketClient.attempt(this.api.socketUri(rider.access()), origin(origin))) {
			assertThat(socket.isOpen()).isFalse();
		}
		assertThat(rawHandshake(rider, "Origin: " + origin).status()).isEqualTo(403);
	}

	@Test
	void socketHandshakeFromTheClientsOriginIsAccepted() {
		TestUser driver = this.api.driver();

		try (SocketClient socket = SocketClient.attempt(this.api.socketUri(driver.access()), origin(CLIENT))) {
			assertThat(socket.isOpen()).isTrue();
			socket.send("echo.message", "hello");
			assertThat(socket.next().path("data").asString()).isEqualTo("hello");
		}
	}

	@Test
	void socketHandshakeFromTheServersOwnOriginIsAccepted() {
		TestUser rider = this.api.rider();

		try (SocketClient socket = SocketClient.attempt(this.api.socketUri(rider.access()),
				origin("http://localhost:" + this.port))) {
			assertThat(socket.isOpen()).isTrue();
		}
	}

	@Test
	void socketHandshakeWithoutOriginIsAccepted() {
		TestUser rider = this.api.rider();

		// Raw, because Reactor Netty's client adds an Origin of its own when none is given.
		RawHttp.Response answer = rawHandshake(rider);

		assertThat(answer.status()).as(answer.head()).isEqualTo(101);
		assertThat(answer.head().lines().map(String::toLowerCase).toList()).contains("upgrade: websocket");
	}

	@Test
	void socketHandshakeWithoutOriginStillNeedsAToken() {
		assertThat(RawHttp.send(this.port, "GET /taxi/ HTTP/1.1", handshakeHeaders().toArray(String[]::new)).status())
			.isEqualTo(403);
	}

	private static HttpHeaders origin(String origin) {
		HttpHeaders headers = new HttpHeaders();
		headers.setOrigin(origin);
		return headers;
	}

	private RawHttp.Response rawHandshake(TestUser user, String... extraHeaders) {
		List<String> headers = new ArrayList<>(handshakeHeaders());
		headers.addAll(List.of(extraHeaders));
		return RawHttp.send(this.port, "GET /taxi/?token=" + user.access() + " HTTP/1.1", headers.toArray(String[]::new));
	}

	private static List<String> handshakeHeaders() {
		return List.of("Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
				"Sec-WebSocket-Version: 13");
	}

}
