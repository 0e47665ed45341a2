package dev.taxi.trips;

import java.util.List;
import java.util.Map;

import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** Trips over REST: who sees which trip, in the reference's nested JSON. */
@TaxiServerTest
class TripApiTests {

	@LocalServerPort
	int port;

	TaxiApi api;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
	}

	@Test
	void ridersSeeTheirOwnTripsAndDriversSeeRequestsAndTheirOwn() {
		TestUser rider = this.api.rider();
		TestUser otherRider = this.api.rider();
		TestUser driver = this.api.driver();
		TestUser otherDriver = this.api.driver();
		String requested;
		String taken;
		String takenByOther;
		try (SocketClient riderSocket = this.api.connect(rider); SocketClient otherRiderSocket = this.api.connect(otherRider);
				SocketClient driverSocket = this.api.connect(driver);
				SocketClient otherDriverSocket = this.api.connect(otherDriver)) {
			requested = request(riderSocket);
			taken = request(riderSocket);
			takenByOther = request(otherRiderSocket);
			accept(driverSocket, driver, taken);
			accept(otherDriverSocket, otherDriver, takenByOther);
		}
		assertThat(ids(rider)).contains(requested, taken).doesNotContain(takenByOther);
		assertThat(ids(otherRider)).containsExactly(takenByOther);
		assertThat(ids(driver)).contains(requested, taken).doesNotContain(takenByOther);
		assertThat(ids(otherDriver)).contains(requested, takenByOther).doesNotContain(taken);

		get(rider, taken).expectStatus().isOk();
		get(driver, taken).expectStatus().isOk();
		get(otherDriver, taken).expectStatus().isNotFound().expectBody().json("{\"detail\": \"Not found.\"}");
		get(otherRider, taken).expectStatus().isNotFound();
		get(otherDriver, requested).expectStatus().isOk();
	}

	@Test
	void aTripIsNestedJsonWithAbsolutePhotoUrls() {
		TestUser rider = this.api.rider();
		String id;
		try (SocketClient socket = this.api.connect(rider)) {
			id = request(socket);
		}
		JsonNode trip = get(rider, id).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
		assertThat(trip.get("id").asString()).isEqualTo(id);
		assertThat(trip.get("status").asString()).isEqualTo("REQUESTED");
		assertThat(trip.get("driver").isNull()).isTrue();
		assertThat(trip.get("rider").get("username").asString()).isEqualTo(rider.username());
		assertThat(trip.get("rider").has("password")).isFalse();
		assertThat(trip.get("pick_up_address").asString()).isEqualTo("Pick-up");
	}

	@Test
	void photosAreAbsoluteUrlsOverRestAndPathsOverWebSocket() {
		TestUser rider = this.api.riderWithPhoto();
		JsonNode overSocket;
		try (SocketClient socket = this.api.connect(rider)) {
			socket.send("create.trip", Map.of("pick_up_address", "Pick-up", "drop_off_address", "Drop-off"));
			overSocket = socket.next().get("data");
		}
		String path = overSocket.get("rider").get("photo").asString();
		assertThat(path).matches("/media/photos/[^/]+\\.png");
		JsonNode overRest = get(rider, overSocket.get("id").asString()).expectStatus().isOk().expectBody(JsonNode.class)
			.returnResult().getResponseBody();
		assertThat(overRest.get("rider").get("photo").asString()).isEqualTo("http://localhost:" + this.port + path);
		this.api.http().get().uri(path).exchange().expectStatus().isOk().expectHeader().contentType("image/png");
	}

	@Test
	void malformedOrUnknownIdsAreNotFound() {
		TestUser rider = this.api.rider();
		for (String id : List.of("not-a-uuid", "00000000-0000-4000-8000-000000000000", "%00", "1")) {
			get(rider, id).expectStatus().isNotFound();
		}
	}

	@Test
	void pathsWorkWithAndWithoutTheTrailingSlash() {
		TestUser rider = this.api.rider();
		this.api.http().get().uri("/api/trip").header(HttpHeaders.AUTHORIZATION, "Bearer " + rider.access()).exchange()
			.expectStatus().isOk();
		this.api.http().get().uri("/api/trip/").header(HttpHeaders.AUTHORIZATION, "Bearer " + rider.access()).exchange()
			.expectStatus().isOk();
	}

	@Test
	void unknownPathsAreNotFoundNotServerErrors() {
		TestUser rider = this.api.rider();
		for (String path : List.of("/api/nope/", "/api/trip/x/y/z", "/nothing-here")) {
			this.api.http().get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + rider.access()).exchange()
				.expectStatus().value((status) -> assertThat(status).as(path).isIn(400, 404));
		}
	}

	private String request(SocketClient socket) {
		socket.send("create.trip", Map.of("pick_up_address", "Pick-up", "drop_off_address", "Drop-off"));
		return socket.next().get("data").get("id").asString();
	}

	private void accept(SocketClient socket, TestUser driver, String id) {
		socket.send("update.trip", Map.of("id", id, "status", "STARTED", "driver", driver.id()));
		JsonNode frame;
		do {
			frame = socket.next();
		}
		while (!id.equals(frame.get("data").get("id").asString()) || !"STARTED".equals(frame.get("data").get("status").asString()));
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec get(TestUser user, String id) {
		return this.api.http().get().uri("/api/trip/" + id + "/").header(HttpHeaders.AUTHORIZATION, "Bearer " + user.access())
			.exchange();
	}

	private List<String> ids(TestUser user) {
		JsonNode trips = this.api.http().get().uri("/api/trip/").header(HttpHeaders.AUTHORIZATION, "Bearer " + user.access())
			.exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
		return trips.valueStream().map((trip) -> trip.get("id").asString()).toList();
	}

}
