package dev.taxi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.JdkIdGenerator;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/** Logging in, refreshing, and what the API and the socket make of the tokens, over real sockets. */
@TaxiServerTest
class LogInTests {

	private static final String NO_ACCOUNT = "{\"detail\": \"No active account found with the given credentials\"}";

	private static final String NOT_PROVIDED = "{\"detail\": \"Authentication credentials were not provided.\"}";

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

	@Test
	void logInWithJsonAnswersATokenPairThatNamesTheUser() {
		TestUser rider = this.api.rider();

		JsonNode tokens = this.http.post()
			.uri("/api/log_in/")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", rider.username(), "password", TaxiApi.PASSWORD))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(tokens.propertyNames()).containsExactlyInAnyOrder("refresh", "access");
		assertAccessNames(tokens.get("access").asString(), rider);
		assertThat(Jwts.payload(tokens.get("refresh").asString()).get("token_type").asString()).isEqualTo("refresh");
	}

	@Test
	void logInWithFormAnswersATokenPairThatNamesTheUser() {
		TestUser driver = this.api.driver();
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", driver.username());
		form.add("password", TaxiApi.PASSWORD);

		JsonNode tokens = this.http.post()
			.uri("/api/log_in/")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(tokens.propertyNames()).containsExactlyInAnyOrder("refresh", "access");
		assertAccessNames(tokens.get("access").asString(), driver);
	}

	@Test
	void accessTokenFromLogInOpensTheApiAndTheSocket() {
		TestUser rider = this.api.rider();

		tripsWith(rider.access()).expectStatus().isOk().expectBody().json("[]", JsonCompareMode.STRICT);
		try (SocketClient socket = SocketClient.attempt(this.api.socketUri(rider.access()), new HttpHeaders())) {
			assertThat(socket.isOpen()).isTrue();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/log_in", "/api/log_in/" })
	void logInAnswersWithAndWithoutTrailingSlash(String path) {
		TestUser rider = this.api.rider();

		this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", rider.username(), "password", TaxiApi.PASSWORD))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.access")
			.isNotEmpty();
		logIn(path, Map.of("username", rider.username(), "password", "wrong-passw0rd")).expectStatus()
			.isUnauthorized()
			.expectBody()
			.json(NO_ACCOUNT, JsonCompareMode.STRICT);
	}

	@Test
	void logInRefusesWrongPassword() {
		TestUser rider = this.api.rider();

		logIn("/api/log_in/", Map.of("username", rider.username(), "password", TaxiApi.PASSWORD + "x")).expectStatus()
			.isUnauthorized()
			.expectBody()
			.json(NO_ACCOUNT, JsonCompareMode.STRICT);
	}

	@Test
	void logInRefusesUnknownUserWithTheSameAnswer() {
		logIn("/api/log_in/", Map.of("username", TaxiApi.uniqueName("nobody"), "password", TaxiApi.PASSWORD))
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.json(NO_ACCOUNT, JsonCompareMode.STRICT);
	}

	@Test
	void logInRefusesMissingPasswordAsAFieldError() {
		TestUser rider = this.api.rider();

		logIn("/api/log_in/", Map.of("username", rider.username())).expectStatus()
			.isBadRequest()
			.expectBody()
			.json("{\"password\": [\"This field is required.\"]}", JsonCompareMode.STRICT);
	}

	@Test
	void logInReportsEveryMissingField() {
		logIn("/api/log_in/", Map.of()).expectStatus()
			.isBadRequest()
			.expectBody()
			.json("{\"username\": [\"This field is required.\"], \"password\": [\"This field is required.\"]}",
					JsonCompareMode.STRICT);
	}

	@Test
	void logInRefusesNullCharacterInUsernameAsAFieldError() {
		logIn("/api/log_in/", Map.of("username", "nobody\u0000", "password", TaxiApi.PASSWORD)).expectStatus()
			.isBadRequest()
			.expectBody()
			.json("{\"username\": [\"Null characters are not allowed.\"]}", JsonCompareMode.STRICT);
	}

	@Test
	void inactiveUserCannotLogIn() {
		TestUser rider = this.api.rider();

		deactivate(rider);

		logIn("/api/log_in/", Map.of("username", rider.username(), "password", TaxiApi.PASSWORD)).expectStatus()
			.isUnauthorized()
			.expectBody()
			.json(NO_ACCOUNT, JsonCompareMode.STRICT);
	}

	@Test
	void inactiveUserCannotRefresh() {
		TestUser rider = this.api.rider();

		deactivate(rider);

		refresh(rider.refresh()).expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("token_not_valid");
	}

	@Test
	void inactiveUsersUnexpiredAccessTokenIsRefusedByTheApi() {
		TestUser rider = this.api.rider();
		tripsWith(rider.access()).expectStatus().isOk();

		deactivate(rider);

		tripsWith(rider.access()).expectStatus().isUnauthorized();
	}

	@Test
	void inactiveUsersUnexpiredAccessTokenIsRefusedBySocketHandshake() {
		TestUser driver = this.api.driver();

		deactivate(driver);

		try (SocketClient socket = SocketClient.attempt(this.api.socketUri(driver.access()), new HttpHeaders())) {
			assertThat(socket.isOpen()).isFalse();
		}
	}

	@Test
	void refreshAnswersAnAccessTokenThatWorks() {
		// A rider: a driver's list holds every open request in the database, however many earlier runs left.
		TestUser rider = this.api.rider();

		JsonNode answer = refresh(rider.refresh()).expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(answer.propertyNames()).containsExactly("access");
		String access = answer.get("access").asString();
		assertAccessNames(access, rider);
		tripsWith(access).expectStatus().isOk().expectBody().jsonPath("$").isArray();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/token/refresh", "/api/token/refresh/" })
	void refreshAnswersWithAndWithoutTrailingSlash(String path) {
		TestUser rider = this.api.rider();

		this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh", rider.refresh()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.access")
			.isNotEmpty();
	}

	@Test
	void refreshWithFormAnswersAnAccessToken() {
		TestUser rider = this.api.rider();
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("refresh", rider.refresh());

		this.http.post()
			.uri("/api/token/refresh/")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(form))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.access")
			.isNotEmpty();
	}

	@Test
	void refreshRefusesAnAccessToken() {
		TestUser rider = this.api.rider();

		expectTokenNotValid(refresh(rider.access()));
	}

	@Test
	void refreshRefusesAnExpiredRefreshToken() {
		TestUser rider = this.api.rider();
		String expired = issuedLongAgo(rider).issuePair(user(rider)).refresh();

		expectTokenNotValid(refresh(expired));
	}

	@Test
	void refreshRefusesGarbage() {
		expectTokenNotValid(refresh("not-a-token"));
		expectTokenNotValid(refresh("eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"));
	}

	@Test
	void refreshRefusesATokenSignedWithAnotherSecret() {
		TestUser rider = this.api.rider();
		TokenService forger = new TokenService(
				new JwtProperties("not-the-servers-secret-not-the-servers-secret", Duration.ofMinutes(60), Duration.ofDays(1)),
				new JdkIdGenerator(), Clock.systemUTC());

		expectTokenNotValid(refresh(forger.issuePair(user(rider)).refresh()));
	}

	@Test
	void refreshRefusesMissingTokenAsAFieldError() {
		this.http.post()
			.uri("/api/token/refresh/")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.json("{\"refresh\": [\"This field is required.\"]}", JsonCompareMode.STRICT);
	}

	@Test
	void apiRefusesARefreshTokenAsBearer() {
		TestUser rider = this.api.rider();

		tripsWith(rider.refresh()).expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("token_not_valid");
	}

	@Test
	void socketRefusesARefreshToken() {
		TestUser rider = this.api.rider();

		try (SocketClient socket = SocketClient.attempt(this.api.socketUri(rider.refresh()), new HttpHeaders())) {
			assertThat(socket.isOpen()).isFalse();
		}
	}

	@Test
	void apiRefusesAnExpiredAccessToken() {
		TestUser rider = this.api.rider();
		String fresh = new TokenService(this.jwt, new JdkIdGenerator(), Clock.systemUTC()).issueAccess(user(rider));
		String expired = issuedLongAgo(rider).issueAccess(user(rider));

		tripsWith(fresh).expectStatus().isOk();
		tripsWith(expired).expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("token_not_valid");
	}

	@Test
	void apiRefusesGarbageBearer() {
		tripsWith("garbage").expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("token_not_valid");
	}

	@Test
	void apiWithoutTokenAnswersCredentialsNotProvided() {
		this.http.get()
			.uri("/api/trip/")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.json(NOT_PROVIDED, JsonCompareMode.STRICT);
	}

	@Test
	void apiDoesNotTakeTheTokenFromTheQueryString() {
		TestUser rider = this.api.rider();

		this.http.get()
			.uri("/api/trip/?token={token}", rider.access())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.json(NOT_PROVIDED, JsonCompareMode.STRICT);
	}

	private WebTestClient.ResponseSpec logIn(String path, Map<String, String> body) {
		return this.http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private WebTestClient.ResponseSpec refresh(String token) {
		return this.http.post()
			.uri("/api/token/refresh/")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh", token))
			.exchange();
	}

	private WebTestClient.ResponseSpec tripsWith(String token) {
		return this.http.get().uri("/api/trip/").headers((headers) -> headers.setBearerAuth(token)).exchange();
	}

	private static void expectTokenNotValid(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("token_not_valid")
			.jsonPath("$.detail")
			.isNotEmpty();
	}

	private void deactivate(TestUser user) {
		Long updated = this.db.sql("UPDATE users SET active = FALSE WHERE id = :id")
			.bind("id", user.id())
			.fetch()
			.rowsUpdated()
			.block(Duration.ofSeconds(10));
		assertThat(updated).isEqualTo(1);
	}

	/** Tokens signed with the server's own secret, issued two days ago: all expired by now. */
	private TokenService issuedLongAgo(TestUser user) {
		return new TokenService(this.jwt, new JdkIdGenerator(),
				Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));
	}

	private static User user(TestUser user) {
		return new User(user.id(), user.username(), "Test", user.group(), Role.fromGroupName(user.group()).orElseThrow(),
				null, true);
	}

	private static void assertAccessNames(String access, TestUser user) {
		JsonNode claims = Jwts.payload(access);
		assertThat(claims.get("token_type").asString()).isEqualTo("access");
		assertThat(claims.get("id").asLong()).isEqualTo(user.id());
		assertThat(claims.get("username").asString()).isEqualTo(user.username());
		assertThat(claims.get("first_name").asString()).isEqualTo("Test");
		assertThat(claims.get("last_name").asString()).isEqualTo(user.group());
		assertThat(claims.get("group").asString()).isEqualTo(user.group());
		assertThat(claims.has("photo")).isTrue();
		assertThat(claims.get("photo").isNull()).isTrue();
		assertThat(claims.get("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
	}

}
