package dev.taxi.test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;

/** REST calls a test needs over and over: signing users up and logging them in, over a real socket. */
public final class TaxiApi {

	private static final AtomicLong sequence = new AtomicLong();

	public static final String PASSWORD = "pAssw0rd!";

	private final int port;

	private final WebTestClient http;

	public TaxiApi(int port) {
		this.port = port;
		this.http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
	}

	private TaxiApi(int port, WebTestClient http) {
		this.port = port;
		this.http = http;
	}

	/**
	 * Calls from another client address: a loopback address of its own (any of 127.0.0.0/8), so
	 * that the server sees a client other than every other test's 127.0.0.1.
	 */
	public static TaxiApi from(String clientAddress, int port) {
		HttpClient client = HttpClient.create().bindAddress(() -> new InetSocketAddress(clientAddress, 0));
		return new TaxiApi(port, WebTestClient.bindToServer(new ReactorClientHttpConnector(client))
			.baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build());
	}

	public WebTestClient http() {
		return this.http;
	}

	/** A unique username, so tests never collide with each other or with earlier runs. */
	public static String uniqueName(String prefix) {
		return prefix + "-" + System.nanoTime() + "-" + sequence.incrementAndGet();
	}

	public TestUser rider() {
		return signUpAndLogIn(uniqueName("rider"), "rider");
	}

	public TestUser driver() {
		return signUpAndLogIn(uniqueName("driver"), "driver");
	}

	public TestUser signUpAndLogIn(String username, String group) {
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("first_name", "Test");
		form.put("last_name", group);
		form.put("password1", PASSWORD);
		form.put("password2", PASSWORD);
		form.put("group", group);
		JsonNode user = this.http.post().uri("/api/sign_up/").contentType(MediaType.APPLICATION_JSON).bodyValue(form)
			.exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
		JsonNode tokens = logIn(username, PASSWORD);
		return new TestUser(user.get("id").asLong(), username, group, tokens.get("access").asString(),
				tokens.get("refresh").asString());
	}

	/** A rider who signed up with a photo, as a browser sends the form (multipart). */
	public TestUser riderWithPhoto() {
		String username = uniqueName("rider");
		MultipartForm form = MultipartForm.of(Map.of("username", username, "password1", PASSWORD, "password2", PASSWORD,
				"group", "rider"))
			.file("photo", "me.png", MediaType.IMAGE_PNG, TestImages.png());
		JsonNode user = this.http.post().uri("/api/sign_up/").contentType(form.contentType()).bodyValue(form.toByteArray())
			.exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
		JsonNode tokens = logIn(username, PASSWORD);
		return new TestUser(user.get("id").asLong(), username, "rider", tokens.get("access").asString(),
				tokens.get("refresh").asString());
	}

	public JsonNode logIn(String username, String password) {
		return this.http.post().uri("/api/log_in/").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password))
			.exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	public URI socketUri(String token) {
		return URI.create("ws://localhost:" + this.port + "/taxi/?token=" + token);
	}

	public SocketClient connect(TestUser user) {
		return SocketClient.connect(socketUri(user.access()));
	}

	/** The v2 subprotocol a client asks for in the handshake. */
	public static final String V2 = "taxi.v2";

	/** Connects speaking v2, checks the server confirmed it, and waits until it is connected. */
	public SocketClient connectV2(TestUser user) {
		return SocketClient.connect(socketUri(user.access()), new org.springframework.http.HttpHeaders(), V2);
	}

}
