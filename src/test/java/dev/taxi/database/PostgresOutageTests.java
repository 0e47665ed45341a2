package dev.taxi.database;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taxi.TaxiApplication;
import dev.taxi.test.PostgresCluster;
import dev.taxi.test.Problems;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiInstances;
import dev.taxi.test.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server on a PostgreSQL of its own, which is down when the server starts, then stopped and
 * started again under a ride: the server starts anyway and migrates the schema once PostgreSQL
 * answers; while PostgreSQL is away every request that needs it is answered at once with 503
 * problem details (v2 sockets: an {@code error}; v1 sockets: nothing), nothing is stored half and
 * nobody hears of a change that was not stored; once PostgreSQL is back everything works again,
 * the very first request included, without restarting the server.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresOutageTests {

	/** A request during an outage is answered well within this: no waiting for timeouts. */
	private static final Duration FAST = Duration.ofSeconds(2);

	private PostgresCluster postgres;

	private ConfigurableApplicationContext server;

	private TaxiApi api;

	@BeforeAll
	void startTheServerWhilePostgresIsDown() {
		this.postgres = PostgresCluster.create();
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
				"--taxi.jwt.secret=test-secret-test-secret-test-secret-0123456789",
				"--taxi.database.migration-retry-delay=200ms", "--taxi.database.migration-retry-max-delay=500ms"));
		arguments.addAll(this.postgres.arguments());
		this.server = new SpringApplicationBuilder(TaxiApplication.class).profiles("postgres")
			.run(arguments.toArray(String[]::new));
		this.api = new TaxiApi(Integer.parseInt(this.server.getEnvironment().getProperty("local.server.port")));
	}

	@AfterAll
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	@Order(1)
	void startsWhilePostgresIsDownAndServesOnceItAnswers(CapturedOutput output) {
		assertThat(output.getOut()).contains("does not answer", "Taxi starts without it");
		assertThat(health("/actuator/health/liveness")).isEqualTo(HttpStatus.OK);
		// The public port says only that it is not ready; the management port says why.
		http().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectBody().jsonPath("$.components").doesNotExist();
		JsonNode readiness = TaxiInstances.management(this.server).http().get().uri("/actuator/health/readiness").exchange()
			.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE).expectBody(JsonNode.class).returnResult()
			.getResponseBody();
		assertThat(readiness.get("status").asString()).isEqualTo("DOWN");
		assertThat(readiness.at("/components/schema/status").asString()).isEqualTo("DOWN");

		String username = TaxiApi.uniqueName("early-rider");
		expectUnavailable(http().post().uri("/api/sign_up/").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(signUp(username)), "/api/sign_up/");
		expectUnavailable(http().post().uri("/api/log_in/").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", TaxiApi.PASSWORD)), "/api/log_in/");
		// Requests that need no database are served meanwhile.
		http().get().uri("/PROTOCOL.md").exchange().expectStatus().isOk();

		long started = System.nanoTime();
		this.postgres.start();
		awaitReadiness();
		System.out.printf("Ready %d ms after PostgreSQL started%n", (System.nanoTime() - started) / 1_000_000);
		assertThat(output.getOut()).contains("schema migrated to version");
		// The name refused while PostgreSQL was down is free: nothing of that sign-up was kept.
		TestUser rider = this.api.signUpAndLogIn(username, "rider");
		assertThat(tripCount(rider)).isZero();
	}

	@Test
	@Order(2)
	void anOutageMidRideFailsFastChangesNothingAndEndsWithoutARestart() {
		postgresAnswers();
		TestUser rider = this.api.rider();
		TestUser v2Driver = this.api.driver();
		TestUser v1Driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connectV2(rider);
				SocketClient v2DriverSocket = this.api.connectV2(v2Driver);
				SocketClient v1DriverSocket = this.api.connect(v1Driver)) {
			riderSocket.sendJson(Map.of("type", "create.trip", "id", "create", "data", address()));
			JsonNode trip = expectFrame(riderSocket, "trip.created", "create").get("data");
			String tripId = trip.get("id").asString();
			expectFrame(v2DriverSocket, "trip.requested", null);
			expectFrame(v1DriverSocket, "echo.message", null);

			this.postgres.stop();

			// REST, the reference's endpoints and those v2 adds alike: 503 problem details at once.
			expectUnavailable(authorized(http().get().uri("/api/trip/"), rider), "/api/trip/");
			expectUnavailable(authorized(http().get().uri("/api/me/"), rider), "/api/me/");
			expectUnavailable(authorized(http().post().uri("/api/trip/" + tripId + "/cancel/"), rider),
					"/api/trip/" + tripId + "/cancel/");
			String lateName = TaxiApi.uniqueName("late-rider");
			expectUnavailable(http().post().uri("/api/sign_up/").contentType(MediaType.APPLICATION_JSON)
				.bodyValue(signUp(lateName)), "/api/sign_up/");
			// A new socket cannot be authenticated: its handshake is refused.
			try (SocketClient refused = SocketClient.attempt(this.api.socketUri(rider.access()), new HttpHeaders())) {
				assertThat(refused.isOpen()).as("a handshake while PostgreSQL is down").isFalse();
			}

			// v2: an error, at once, and the socket stays usable.
			long sent = System.nanoTime();
			v2DriverSocket.sendJson(Map.of("type", "update.trip", "id", "accept", "data",
					Map.of("id", tripId, "status", "STARTED")));
			expectUnavailableError(v2DriverSocket, "accept");
			assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(FAST);
			riderSocket.sendJson(Map.of("type", "create.trip", "id", "second", "data", address()));
			expectUnavailableError(riderSocket, "second");
			riderSocket.sendJson(Map.of("type", "cancel.trip", "id", "cancel", "data", Map.of("id", tripId)));
			expectUnavailableError(riderSocket, "cancel");
			// v1: no frame, since its client reads every frame as a trip.
			v1DriverSocket.send("update.trip", Map.of("id", tripId, "status", "STARTED", "driver", v1Driver.id()));
			v1DriverSocket.expectNothingElse();
			// Nobody heard of a change that was not stored.
			riderSocket.expectNothingElse();
			v2DriverSocket.expectNothingElse();

			this.postgres.start();

			// Without a restart of the server: the very first request is answered, and the trip is as it was.
			JsonNode stored = storedTrip(rider, tripId);
			assertThat(stored).as("the trip as it was before the outage").isEqualTo(trip);
			assertThat(stored.get("driver").isNull()).isTrue();
			assertThat(tripCount(rider)).as("the trip requested during the outage was not stored").isOne();
			this.api.signUpAndLogIn(lateName, "rider");
			// The sockets opened before the outage carry the ride on.
			v2DriverSocket.sendJson(Map.of("type", "update.trip", "id", "accept", "data",
					Map.of("id", tripId, "status", "STARTED")));
			JsonNode accepted = expectFrame(v2DriverSocket, null, null).get("data");
			assertThat(accepted.get("status").asString()).isEqualTo("STARTED");
			assertThat(expectFrame(riderSocket, "trip.updated", null).get("data")).isEqualTo(accepted);
			assertThat(storedTrip(rider, tripId).get("status").asString()).isEqualTo("STARTED");
			try (SocketClient fresh = this.api.connectV2(rider)) {
				assertThat(fresh.isOpen()).isTrue();
			}
		}
		MeterRegistry meters = this.server.getBean(MeterRegistry.class);
		assertThat(meters.counter("taxi.ws.handler.failures").count()).as("handlers that failed unexpectedly").isZero();
		assertThat(meters.counter("taxi.database.unavailable", "via", "socket").count()).as("refused socket messages").isEqualTo(4);
	}

	@Test
	@Order(3)
	void noConnectionThatPostgresClosedIsHandedOutOnceItIsBack() {
		postgresAnswers();
		TestUser rider = this.api.rider();
		WebClient client = WebClient.create("http://localhost:" + this.api.socketUri("").getPort());
		// Fill the pool with connections, then let PostgreSQL close them all.
		Flux.range(0, 40)
			.flatMap((i) -> client.get().uri("/api/trip/").header(HttpHeaders.AUTHORIZATION, "Bearer " + rider.access())
				.retrieve().toBodilessEntity(), 40)
			.blockLast(Duration.ofSeconds(30));
		PoolMetrics pool = pool().getMetrics().orElseThrow();
		assertThat(pool.idleSize()).as("connections the pool holds").isGreaterThan(4);

		this.postgres.stop();
		this.postgres.start();

		List<HttpStatus> statuses = Flux.range(0, 30)
			.flatMap((i) -> client.get().uri("/api/trip/").header(HttpHeaders.AUTHORIZATION, "Bearer " + rider.access())
				.exchangeToMono((response) -> response.releaseBody().thenReturn(HttpStatus.valueOf(response.statusCode().value()))), 10)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(statuses).hasSize(30).containsOnly(HttpStatus.OK);
		for (int i = 0; i < 10; i++) {
			assertThat(tripCount(rider)).isZero();
		}
		assertThat(this.server.getBean(MeterRegistry.class).find("r2dbc.pool.max.allocated").gauge())
			.as("the pool's metrics, through the wrapper that hands out live connections").isNotNull();
	}

	private void postgresAnswers() {
		if (!this.postgres.isRunning()) {
			this.postgres.start();
		}
		awaitReadiness();
	}

	private void awaitReadiness() {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
			.until(() -> health("/actuator/health/readiness") == HttpStatus.OK);
	}

	private HttpStatus health(String path) {
		return HttpStatus.valueOf(http().get().uri(path).exchange().returnResult(Void.class).getStatus().value());
	}

	private ConnectionPool pool() {
		Object factory = this.server.getBean(ConnectionFactory.class);
		while (!(factory instanceof ConnectionPool) && factory instanceof Wrapped<?> wrapped) {
			factory = wrapped.unwrap();
		}
		return (ConnectionPool) factory;
	}

	private WebTestClient http() {
		return this.api.http();
	}

	private static WebTestClient.RequestHeadersSpec<?> authorized(WebTestClient.RequestHeadersSpec<?> request, TestUser user) {
		return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + user.access());
	}

	/** 503 problem details that tell the client to try again, answered without waiting for a timeout. */
	private static void expectUnavailable(WebTestClient.RequestHeadersSpec<?> request, String path) {
		long started = System.nanoTime();
		WebTestClient.ResponseSpec response = request.exchange();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to answer %s", path).isLessThan(FAST);
		response.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5");
		JsonNode problem = Problems.expectProblem(response, 503, path);
		assertThat(problem.get("detail").asString()).contains("database", "try again");
	}

	private static void expectUnavailableError(SocketClient socket, String ref) {
		JsonNode error = expectFrame(socket, "error", ref);
		assertThat(error.at("/data/code").asString()).isEqualTo("rate_limited");
		assertThat(error.at("/data/message").asString()).contains("database", "try again");
	}

	/** The next frame, of this type and with this ref (either {@code null} for any). */
	private static JsonNode expectFrame(SocketClient socket, String type, String ref) {
		JsonNode frame = socket.next();
		if (type != null) {
			assertThat(frame.path("type").asString()).as("type of %s", frame).isEqualTo(type);
		}
		if (ref != null) {
			assertThat(frame.path("ref").asString()).as("ref of %s", frame).isEqualTo(ref);
		}
		return frame;
	}

	private static Map<String, Object> signUp(String username) {
		return Map.of("username", username, "first_name", "Early", "last_name", "Rider", "password1", TaxiApi.PASSWORD,
				"password2", TaxiApi.PASSWORD, "group", "rider");
	}

	private static Map<String, Object> address() {
		return Map.of("pick_up_address", "1 Outage Road", "drop_off_address", "2 Recovery Lane");
	}

	private JsonNode storedTrip(TestUser user, String tripId) {
		return authorized(http().get().uri("/api/trip/" + tripId + "/"), user).exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	private int tripCount(TestUser user) {
		return authorized(http().get().uri("/api/trip/"), user).exchange().expectStatus().isOk()
			.expectBody(JsonNode.class).returnResult().getResponseBody().size();
	}

}
