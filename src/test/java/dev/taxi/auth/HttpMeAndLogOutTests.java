package dev.taxi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import dev.taxi.test.MultipartForm;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestImages;
import dev.taxi.test.TestUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.JdkIdGenerator;

import static dev.taxi.test.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/me/} (the current user in the REST user shape) and {@code POST /api/log_out/}
 * (revokes one refresh token, which {@code /api/token/refresh/} then refuses, while the user's other
 * refresh tokens keep working), with their refusals as problem details, over a real socket.
 */
@TaxiServerTest
class HttpMeAndLogOutTests {

	private static final String ME = "/api/me/";

	private static final String LOG_OUT = "/api/log_out/";

	@LocalServerPort
	int port;

	@Autowired
	DatabaseClient db;

	@Autowired
	JwtProperties jwt;

	TaxiApi api;

	WebTestClient http;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
		this.http = this.api.http();
	}

	// GET /api/me/

	@Test
	void meIsTheUserAsSignUpAnsweredWithAnAbsolutePhotoUrl() {
		String username = TaxiApi.uniqueName("rider");
		MultipartForm form = MultipartForm.of(Map.of("username", username, "first_name", "Rita", "last_name", "Rider",
				"password1", TaxiApi.PASSWORD, "password2", TaxiApi.PASSWORD, "group", "rider"))
			.file("photo", "me.png", MediaType.IMAGE_PNG, TestImages.png());
		JsonNode signedUp = this.http.post().uri("/api/sign_up/").contentType(form.contentType()).bodyValue(form.toByteArray())
			.exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
		String access = this.api.logIn(username, TaxiApi.PASSWORD).get("access").asString();

		JsonNode me = me(access);
		assertThat(me).isEqualTo(signedUp);
		assertThat(me.get("username").asString()).isEqualTo(username);
		assertThat(me.get("first_name").asString()).isEqualTo("Rita");
		assertThat(me.get("photo").asString()).matches("http://localhost:" + this.port + "/media/photos/[^/]+\\.png");
		this.http.get().uri(me.get("photo").asString()).exchange().expectStatus().isOk().expectHeader().contentType("image/png");
	}

	@Test
	void meIsTheRiderOrTheDriverWhoseTokenItIs() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		JsonNode riderMe = me(rider.access());
		assertThat(riderMe.get("id").asLong()).isEqualTo(rider.id());
		assertThat(riderMe.get("username").asString()).isEqualTo(rider.username());
		assertThat(riderMe.get("first_name").asString()).isEqualTo("Test");
		assertThat(riderMe.get("last_name").asString()).isEqualTo("rider");
		assertThat(riderMe.get("group").asString()).isEqualTo("rider");
		assertThat(riderMe.get("photo").isNull()).isTrue();
		JsonNode driverMe = me(driver.access());
		assertThat(driverMe.get("id").asLong()).isEqualTo(driver.id());
		assertThat(driverMe.get("group").asString()).isEqualTo("driver");
		// A fresh access token from the refresh endpoint names the same user.
		String refreshed = refresh(rider.refresh()).expectStatus().isOk().expectBody(JsonNode.class).returnResult()
			.getResponseBody().get("access").asString();
		assertThat(me(refreshed)).isEqualTo(riderMe);
	}

	@Test
	void meWorksWithoutTheTrailingSlash() {
		TestUser rider = this.api.rider();
		JsonNode me = this.http.get().uri("/api/me").headers((headers) -> headers.setBearerAuth(rider.access())).exchange()
			.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(me.get("id").asLong()).isEqualTo(rider.id());
	}

	@Test
	void meWithoutAValidAccessTokenIsUnauthorized() {
		TestUser rider = this.api.rider();
		expectProblem(meWith(null), 401, ME);
		expectProblem(meWith("garbage"), 401, ME);
		expectProblem(meWith(rider.refresh()), 401, ME);
		expectProblem(meWith(issuedLongAgo().issueAccess(user(rider))), 401, ME);
		// Only the event stream takes a token from the query.
		expectProblem(this.http.get().uri(ME + "?token=" + rider.access()).exchange(), 401, ME);
		me(rider.access());
		deactivate(rider);
		expectProblem(meWith(rider.access()), 401, ME);
	}

	// POST /api/log_out/

	@Test
	void logOutRevokesThatRefreshTokenAndNoOther() {
		TestUser rider = this.api.rider();
		JsonNode otherSession = this.api.logIn(rider.username(), TaxiApi.PASSWORD);
		String otherRefresh = otherSession.get("refresh").asString();
		refresh(rider.refresh()).expectStatus().isOk();

		this.http.post().uri(LOG_OUT).headers((headers) -> headers.setBearerAuth(rider.access()))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("refresh", rider.refresh())).exchange()
			.expectStatus().isNoContent().expectBody().isEmpty();

		expectRevoked(rider.refresh());
		expectRevoked(rider.refresh());
		refresh(otherRefresh).expectStatus().isOk().expectBody().jsonPath("$.access").isNotEmpty();
		refresh(otherRefresh).expectStatus().isOk();
		// The other session may log out in turn, with its own access token.
		logOut(otherSession.get("access").asString(), Map.of("refresh", otherRefresh)).expectStatus().isNoContent();
		expectRevoked(otherRefresh);
	}

	@Test
	void logOutWorksWithoutTheTrailingSlash() {
		TestUser driver = this.api.driver();
		this.http.post().uri("/api/log_out").headers((headers) -> headers.setBearerAuth(driver.access()))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("refresh", driver.refresh())).exchange()
			.expectStatus().isNoContent();
		expectRevoked(driver.refresh());
	}

	@Test
	void aTokenThatIsNotOneOfTheUsersRefreshTokensIsUnauthorizedAndRevokesNothing() {
		TestUser rider = this.api.rider();
		TestUser other = this.api.rider();
		expectProblem(logOut(rider.access(), Map.of("refresh", "garbage")), 401, LOG_OUT);
		expectProblem(logOut(rider.access(), Map.of("refresh", "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl")), 401, LOG_OUT);
		expectProblem(logOut(rider.access(), Map.of("refresh", rider.access())), 401, LOG_OUT);
		expectProblem(logOut(rider.access(), Map.of("refresh", other.refresh())), 401, LOG_OUT);
		expectProblem(logOut(rider.access(), Map.of("refresh", 5)), 401, LOG_OUT);
		// Another user's token was not revoked, nor the user's own.
		refresh(other.refresh()).expectStatus().isOk();
		refresh(rider.refresh()).expectStatus().isOk();
	}

	/** As the v1 refresh endpoint answers a body without its field: a bad request, not a bad token. */
	@Test
	void aMissingOrEmptyRefreshTokenIsABadRequestAndRevokesNothing() {
		TestUser rider = this.api.rider();
		expectProblem(logOut(rider.access(), Map.of("refresh", "")), 400, LOG_OUT);
		expectProblem(logOut(rider.access(), Map.of()), 400, LOG_OUT);
		refresh(rider.refresh()).expectStatus().isOk();
	}

	@Test
	void withoutAValidAccessTokenIsUnauthorizedAndRevokesNothing() {
		TestUser rider = this.api.rider();
		Map<String, String> body = Map.of("refresh", rider.refresh());
		expectProblem(logOut(null, body), 401, LOG_OUT);
		expectProblem(logOut("garbage", body), 401, LOG_OUT);
		expectProblem(logOut(rider.refresh(), body), 401, LOG_OUT);
		expectProblem(logOut(issuedLongAgo().issueAccess(user(rider)), body), 401, LOG_OUT);
		refresh(rider.refresh()).expectStatus().isOk();
	}

	@Test
	void noBodyOrABodyThatIsNotJsonIsABadRequest() {
		TestUser rider = this.api.rider();
		expectProblem(this.http.post().uri(LOG_OUT).headers((headers) -> headers.setBearerAuth(rider.access())).exchange(), 400,
				LOG_OUT);
		expectProblem(this.http.post().uri(LOG_OUT).headers((headers) -> headers.setBearerAuth(rider.access()))
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{not json").exchange(), 400, LOG_OUT);
		refresh(rider.refresh()).expectStatus().isOk();
	}

	private JsonNode me(String access) {
		JsonNode me = meWith(access).expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(me.propertyNames()).containsExactlyInAnyOrder("id", "username", "first_name", "last_name", "group", "photo");
		return me;
	}

	private WebTestClient.ResponseSpec meWith(@Nullable String token) {
		return this.http.get().uri(ME).headers((headers) -> {
			if (token != null) {
				headers.setBearerAuth(token);
			}
		}).exchange();
	}

	private WebTestClient.ResponseSpec logOut(@Nullable String access, Map<String, ?> body) {
		return this.http.post().uri(LOG_OUT).headers((headers) -> {
			if (access != null) {
				headers.setBearerAuth(access);
			}
		}).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private WebTestClient.ResponseSpec refresh(String token) {
		return this.http.post().uri("/api/token/refresh/").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh", token)).exchange();
	}

	/** Refused by the refresh endpoint with the v1 body, {@code token_not_valid}. */
	private void expectRevoked(String refresh) {
		JsonNode body = refresh(refresh).expectStatus().isUnauthorized().expectBody(JsonNode.class).returnResult()
			.getResponseBody();
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("detail", "code");
		assertThat(body.get("code").asString()).isEqualTo("token_not_valid");
		assertThat(body.get("detail").asString()).isNotBlank();
	}

	private void deactivate(TestUser user) {
		Long updated = this.db.sql("UPDATE users SET active = FALSE WHERE id = :id").bind("id", user.id()).fetch()
			.rowsUpdated().block(Duration.ofSeconds(10));
		assertThat(updated).isEqualTo(1);
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
