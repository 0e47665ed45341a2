package dev.taxi.web;

import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

@TaxiServerTest
class HomePageTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void theHomePageSaysWhatTheServerIsAndLinksToTheProtocol() {
		TaxiApi api = new TaxiApi(this.port);
		String page = api.http().get().uri("/").exchange().expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(page).contains("Taxi", "ride-hailing", "href=\"/PROTOCOL.md\"");
		String protocol = api.http().get().uri("/PROTOCOL.md").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(protocol).startsWith("# Taxi wire protocol");
	}

	@Test
	void healthIsUpWithTheDatabase() {
		new TaxiApi(this.managementPort).http().get().uri("/actuator/health").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components.r2dbc.status").isEqualTo("UP");
	}

}
