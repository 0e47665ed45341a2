package dev.taxi.web;

import java.util.Map;
import java.util.function.Consumer;

import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything Taxi serves carries Spring Security's default headers and a content security policy
 * that lets a page run only the server's own scripts and talk only to the server: the app and its
 * files, REST answers, problems, v1 errors, refused WebSocket handshakes and photos.
 */
@TaxiServerTest
class SecurityHeadersTests {

	static final String APP_POLICY = "default-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; "
			+ "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "/", "/index.html", "/echo.html", "/app/main.js", "/app/style.css", "/app/favicon.svg",
			"/PROTOCOL.md" })
	void theAppAndItsFilesCarryTheHeadersAndKeepTheirCaching(String path) {
		api().http().get().uri(path).exchange().expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=60, must-revalidate")
			.expectHeader().values("Content-Security-Policy", policy(APP_POLICY))
			.expectHeader().value("X-Content-Type-Options", (value) -> assertThat(value).isEqualTo("nosniff"))
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectHeader().valueEquals("Referrer-Policy", "no-referrer");
	}

	@Test
	void restAnswersProblemsAndV1ErrorsCarryTheHeaders() {
		TestUser rider = api().rider();
		expectHeaders(api().http().get().uri("/api/me/").headers((headers) -> headers.setBearerAuth(rider.access()))
			.exchange().expectStatus().isOk());
		expectHeaders(api().http().get().uri("/api/me/").exchange().expectStatus().isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		expectHeaders(api().http().post().uri("/api/log_out/").headers((headers) -> headers.setBearerAuth(rider.access()))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		expectHeaders(api().http().post().uri("/api/log_in/").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", rider.username(), "password", "wrong")).exchange().expectStatus().isUnauthorized());
		expectHeaders(api().http().get().uri("/no/such/page").exchange().expectStatus().isNotFound());
	}

	@Test
	void refusedWebSocketHandshakesCarryTheHeaders() {
		TestUser rider = api().rider();
		// No token: refused by the security filters.
		expectHeaders(api().http().get().uri("/taxi/").exchange().expectStatus().isForbidden());
		// A token, but no upgrade: refused by the handshake itself.
		expectHeaders(api().http().get().uri("/taxi/?token={token}", rider.access()).exchange().expectStatus()
			.is4xxClientError());
		// A token, from an origin that is not allowed.
		expectHeaders(api().http().get().uri("/taxi/?token={token}", rider.access())
			.header(HttpHeaders.ORIGIN, "https://elsewhere.example").header(HttpHeaders.UPGRADE, "websocket")
			.header(HttpHeaders.CONNECTION, "Upgrade").header("Sec-WebSocket-Version", "13")
			.header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").exchange().expectStatus().isForbidden());
	}

	@Test
	void aPhotoCarriesTheHeadersAndItsVerifiedType() {
		TestUser rider = api().riderWithPhoto();
		JsonNode me = api().http().get().uri("/api/me/").headers((headers) -> headers.setBearerAuth(rider.access()))
			.exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
		expectHeaders(api().http().get().uri(me.get("photo").asString()).exchange().expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.CONTENT_TYPE, "image/png"));
	}

	@Test
	void swaggerUiHasAPolicyOfItsOwn() {
		api().http().get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk()
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader().values("Content-Security-Policy", policy("default-src 'self'; script-src 'self'; "
					+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
					+ "form-action 'self'; frame-ancestors 'none'"));
	}

	private static void expectHeaders(WebTestClient.ResponseSpec response) {
		response.expectHeader().values("Content-Security-Policy", policy(APP_POLICY))
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectHeader().valueEquals("X-Frame-Options", "DENY")
			.expectHeader().valueEquals("Referrer-Policy", "no-referrer");
	}

	private static Consumer<java.util.List<String>> policy(String expected) {
		return (values) -> assertThat(values).as("Content-Security-Policy").containsExactly(expected);
	}

	private TaxiApi api() {
		return new TaxiApi(this.port);
	}

}
