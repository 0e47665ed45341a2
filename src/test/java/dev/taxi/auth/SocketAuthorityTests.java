package dev.taxi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.JdkIdGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A socket's life and its access token, over real sockets, with tokens that live three seconds:
 * a v2 connection ends with 4401 when its token does, unless {@code auth} brought a fresh one of
 * the same user; a refused {@code auth} changes nothing; v1 connections outlive their tokens.
 */
@TaxiServerTest
@TestPropertySource(properties = "taxi.jwt.access-lifetime=3s")
class SocketAuthorityTests {

	/** How much earlier than the token's expiry a close may come: the two clocks are one, but not the millisecond. */
	private static final Duration SLACK = Duration.ofMillis(100);

	@LocalServerPort
	int port;

	@Autowired
	JwtProperties jwt;

	TaxiApi api;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
	}

	@Test
	void aV2ConnectionClosesWith4401WhenItsTokenExpiresWhileAV1ConnectionOutlivesIt() {
		TestUser rider = this.api.rider();
		Instant expiry = expiry(rider.access());
		try (SocketClient v2 = this.api.connectV2(rider); SocketClient v1 = this.api.connect(rider)) {
			assertThat(v2.awaitClose().getCode()).isEqualTo(4401);
			assertThat(Instant.now()).isAfter(expiry.minus(SLACK));
			// The reference client cannot refresh a socket's token: its connection stays, and is answered.
			awaitUntil(expiry.plusMillis(500));
			assertThat(v1.isOpen()).isTrue();
			v1.expectNothingElse();
		}
	}

	@Test
	void aFreshTokenOfTheSameUserExtendsAV2ConnectionUntilThatTokenExpires() {
		TestUser rider = this.api.rider();
		Instant first = expiry(rider.access());
		try (SocketClient socket = this.api.connectV2(rider)) {
			awaitUntil(first.minusSeconds(1));
			String fresh = refresh(rider);
			Instant second = expiry(fresh);
			assertThat(second).isAfter(first);
			send(socket, "auth", "a-1", Map.of("token", fresh));
			JsonNode authenticated = expectFrame(socket, "authenticated", "a-1");
			assertThat(authenticated.propertyNames()).containsExactly("exp");
			assertThat(authenticated.get("exp").isIntegralNumber()).as("seconds since the epoch, as the JWT's exp").isTrue();
			assertThat(Instant.ofEpochSecond(authenticated.get("exp").asLong())).isEqualTo(second);

			awaitUntil(first.plusMillis(500));
			assertThat(socket.isOpen()).as("open past the first token's expiry").isTrue();
			socket.expectNothingElse();
			assertThat(socket.awaitClose().getCode()).isEqualTo(4401);
			assertThat(Instant.now()).isAfter(second.minus(SLACK));
		}
	}

	@Test
	void badExpiredRefreshAndForeignTokensAreRefusedAndTheConnectionKeepsItsExpiry() {
		TestUser rider = this.api.rider();
		TestUser other = this.api.driver();
		Instant expiry = expiry(rider.access());
		try (SocketClient socket = this.api.connectV2(rider)) {
			send(socket, "auth", "garbage", Map.of("token", "not-a-token"));
			expectError(socket, "bad_request", "garbage");
			send(socket, "auth", "tampered", Map.of("token", rider.access() + "x"));
			expectError(socket, "bad_request", "tampered");
			send(socket, "auth", "missing", Map.of());
			expectError(socket, "bad_request", "missing");
			send(socket, "auth", "refresh", Map.of("token", rider.refresh()));
			expectError(socket, "bad_request", "refresh");
			send(socket, "auth", "expired", Map.of("token", issuedLongAgo().issueAccess(user(rider))));
			expectError(socket, "bad_request", "expired");
			send(socket, "auth", "foreign", Map.of("token", other.access()));
			expectError(socket, "forbidden", "foreign");

			assertThat(socket.awaitClose().getCode()).isEqualTo(4401);
			assertThat(Instant.now()).isAfter(expiry.minus(SLACK));
		}
	}

	@Test
	void authIsNoMessageOfV1() {
		TestUser rider = this.api.rider();
		try (SocketClient socket = this.api.connect(rider)) {
			send(socket, "auth", "a-1", Map.of("token", refresh(rider)));
			// v1 hears nothing but trips: an unknown type gets no frame, and the socket stays usable.
			socket.expectNothingElse();
		}
	}

	private static void send(SocketClient socket, String type, String id, Object data) {
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("type", type);
		message.put("id", id);
		message.put("data", data);
		socket.sendJson(message);
	}

	private static JsonNode expectFrame(SocketClient socket, String type, String ref) {
		JsonNode frame = socket.next();
		assertThat(frame.path("type").asString()).as("type of %s", frame).isEqualTo(type);
		assertThat(frame.propertyNames()).as("fields of %s", frame).containsExactlyInAnyOrder("type", "data", "ref");
		assertThat(frame.get("ref").asString()).isEqualTo(ref);
		return frame.get("data");
	}

	private static void expectError(SocketClient socket, String code, @Nullable String ref) {
		JsonNode data = expectFrame(socket, "error", ref);
		assertThat(data.get("code").asString()).as("code of %s", data).isEqualTo(code);
		assertThat(data.get("message").asString()).isNotBlank();
	}

	private String refresh(TestUser user) {
		JsonNode body = this.api.http().post().uri("/api/token/refresh/").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh", user.refresh())).exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		return body.get("access").asString();
	}

	private static Instant expiry(String token) {
		return Instant.ofEpochSecond(Jwts.payload(token).get("exp").asLong());
	}

	private static void awaitUntil(Instant moment) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
			.until(() -> !Instant.now().isBefore(moment));
	}

	/** Tokens signed with the server's own secret, issued two days ago: all expired by now. */
	private TokenService issuedLongAgo() {
		return new TokenService(this.jwt, new JdkIdGenerator(),
				Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));
	}

	private static User user(TestUser user) {
		return new User(user.id(), user.username(), "Test", user.group(), Role.fromGroupName(user.group()).orElseThrow(),
				null, true);
	}

}
