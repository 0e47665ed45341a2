package dev.taxi.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs at the edges of what the server accepts, each on its own: refused as the client's
 * mistake (a v2 {@code error}, a v1 field error, a 4xx), never a failed handler or a 5xx, and
 * nothing stored.
 */
@FuzzServerTest
class OddInputTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	/** A JSON string holding an unpaired surrogate: valid JSON, but no UTF-8 text can hold it. */
	private static final String UNPAIRED = "Main St \\ud800";

	@LocalServerPort
	int port;

	TaxiApi api;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
	}

	@Test
	void tripAddressWithAnUnpairedSurrogateIsABadRequest() {
		TestUser rider = this.api.rider();
		try (SocketClient socket = this.api.connectV2(rider)) {
			socket.send("{\"type\": \"create.trip\", \"id\": \"t\", \"data\": {\"pick_up_address\": \"" + UNPAIRED
					+ "\", \"drop_off_address\": \"2 Side St\"}}");
			JsonNode error = socket.next();
			assertThat(error.path("type").asString()).as("%s", error).isEqualTo("error");
			assertThat(error.path("data").path("code").asString()).isEqualTo("bad_request");
			assertThat(error.path("data").path("message").asString())
				.isEqualTo("pick_up_address: must not contain unpaired surrogates");
			assertThat(error.path("ref").asString()).isEqualTo("t");
			socket.expectNothingElse();
		}
		assertThat(trips(rider)).isEmpty();
	}

	@Test
	void chatMessageWithAnUnpairedSurrogateIsABadRequest() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider); SocketClient driverSocket = this.api.connectV2(driver)) {
			riderSocket.send("create.trip", Map.of("pick_up_address", "1 Main St", "drop_off_address", "2 Side St"));
			String trip = riderSocket.next().path("data").path("id").asString();
			driverSocket.next();
			driverSocket.send("update.trip", Map.of("id", trip, "status", "STARTED"));
			riderSocket.next();
			driverSocket.send("{\"type\": \"chat.message\", \"id\": \"c\", \"data\": {\"trip_id\": \"" + trip
					+ "\", \"text\": \"" + UNPAIRED + "\"}}");
			JsonNode error = next(driverSocket, "error");
			assertThat(error.path("data").path("code").asString()).isEqualTo("bad_request");
			assertThat(error.path("data").path("message").asString())
				.isEqualTo("text: must not contain unpaired surrogates");
			riderSocket.expectNothingElse();
			this.api.http().get().uri("/api/trip/" + trip + "/messages/").header("Authorization", "Bearer " + rider.access())
				.exchange().expectStatus().isOk().expectBody().json("[]", JsonCompareMode.STRICT);
		}
	}

	@Test
	void aSpeedThatReadsAsInfinityIsABadRequest() {
		try (SocketClient socket = this.api.connectV2(this.api.driver())) {
			// 1e400 is valid JSON, past every double: it reads as Infinity, which JSON cannot write back.
			socket.send("{\"type\": \"update.location\", \"id\": \"l\", \"data\": {\"lat\": 52.5, \"lng\": 13.4, \"speed\": 1e400}}");
			JsonNode error = socket.next();
			assertThat(error.path("type").asString()).as("%s", error).isEqualTo("error");
			assertThat(error.path("data").path("code").asString()).isEqualTo("bad_request");
			assertThat(error.path("data").path("message").asString()).startsWith("speed: ");
			socket.expectNothingElse();
		}
	}

	@Test
	void signUpRefusesUnpairedSurrogatesAsFieldErrors() {
		String username = TaxiApi.uniqueName("surrogate");
		String form = "{\"username\": \"" + username + "\\udc00\", \"first_name\": \"\\ud83d\", \"last_name\": \"ok\","
				+ " \"password1\": \"pAssw0rd!\", \"password2\": \"pAssw0rd!\", \"group\": \"rider\"}";
		post("/api/sign_up/", MediaType.APPLICATION_JSON_VALUE, form).expectStatus().isBadRequest().expectBody()
			.json("{\"username\": [\"Unpaired surrogates are not allowed.\"], "
					+ "\"first_name\": [\"Unpaired surrogates are not allowed.\"]}", JsonCompareMode.STRICT);
	}

	@Test
	void logInRefusesAnUnpairedSurrogateInTheUsernameAsAFieldError() {
		post("/api/log_in/", MediaType.APPLICATION_JSON_VALUE, "{\"username\": \"nobody\\ud800\", \"password\": \"x\"}")
			.expectStatus().isBadRequest().expectBody()
			.json("{\"username\": [\"Unpaired surrogates are not allowed.\"]}", JsonCompareMode.STRICT);
	}

	@Test
	void signUpRefusesAPasswordLongerThanBcryptReadsAsAFieldError() {
		String username = TaxiApi.uniqueName("long-password");
		String tooLong = "pAssw0rd!" + "x".repeat(64);
		post("/api/sign_up/", MediaType.APPLICATION_JSON_VALUE, signUp(username, tooLong)).expectStatus().isBadRequest()
			.expectBody()
			.json("{\"password1\": [\"This password is too long. It must contain at most 72 bytes in UTF-8.\"]}",
					JsonCompareMode.STRICT);
		// 35 two-byte characters and two ASCII ones: 72 bytes, the most bcrypt reads, and a password that works.
		String longest = "\u00e9".repeat(35) + "1x";
		post("/api/sign_up/", MediaType.APPLICATION_JSON_VALUE, signUp(username, longest + "\u00e9")).expectStatus()
			.isBadRequest();
		post("/api/sign_up/", MediaType.APPLICATION_JSON_VALUE, signUp(username, longest)).expectStatus().isCreated();
		this.api.logIn(username, longest);
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "multipart/form-data; boundary=", "application/json;;;=" })
	void aContentTypeThatIsNoMediaTypeIsABadRequest(String contentType) throws Exception {
		// Spring's own clients refuse to send such a header: the JDK's sends it as it is.
		HttpClient client = HttpClient.newHttpClient();
		for (String path : new String[] { "/api/sign_up/", "/api/log_in/", "/api/token/refresh/" }) {
			HttpResponse<String> answer = client.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + path))
				.header("Content-Type", contentType)
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as("%s answered %s", path, answer.body()).isEqualTo(400);
			assertThat(mapper.readTree(answer.body()).path("detail").asString()).as("%s", answer.body())
				.startsWith("The Content-Type header is not a media type");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "Content-Disposition: form-data", "Content-Type: text/plain",
			"Content-Disposition: form-data; 123", "Content-Disposition: form-data; name" })
	void aMultipartPartWithoutANameOrWithAContentDispositionThatDoesNotParseIsABadRequest(String headers) {
		String boundary = "NamelessBoundary";
		String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nnobody\r\n--" + boundary
				+ "\r\n" + headers + "\r\n\r\nnameless\r\n--" + boundary + "--\r\n";
		for (String path : new String[] { "/api/sign_up/", "/api/log_in/", "/api/token/refresh/" }) {
			post(path, "multipart/form-data; boundary=" + boundary, body).expectStatus().isBadRequest().expectBody()
				.json("{\"detail\": \"The multipart body is malformed.\"}", JsonCompareMode.STRICT);
		}
	}

	private static String signUp(String username, String password) {
		return "{\"username\": \"" + username + "\", \"password1\": \"" + password + "\", \"password2\": \"" + password
				+ "\", \"group\": \"rider\"}";
	}

	private WebTestClient.ResponseSpec post(String path, String contentType, String body) {
		return client().post().uri(path).header("Content-Type", contentType)
			.bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
	}

	/** A connection per request: the server may close one after refusing a body it did not read. */
	private WebTestClient client() {
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.newConnection()))
			.baseUrl("http://localhost:" + this.port).responseTimeout(Duration.ofSeconds(30)).build();
	}

	private JsonNode trips(TestUser user) {
		return this.api.http().get().uri("/api/trip/").header("Authorization", "Bearer " + user.access()).exchange()
			.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	private static JsonNode next(SocketClient socket, String type) {
		while (true) {
			JsonNode frame = socket.next();
			if (frame.path("type").asString("").equals(type)) {
				return frame;
			}
		}
	}

}
