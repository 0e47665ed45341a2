package dev.taxi.web;

import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.json.JsonCompareMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations endpoints are served on the management port only; the public port serves
 * liveness and readiness, their status and nothing of what they are made of.
 */
@TaxiServerTest
class ManagementPortTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/health", "/actuator/health/r2dbc", "/actuator/health/diskSpace",
			"/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/prometheus", "/actuator/info" })
	void thePublicPortDoesNotServeOperationsEndpoints(String path) {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		new TaxiApi(this.port).http().get().uri(path).exchange().expectStatus().isNotFound();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/liveness", "/actuator/health/readiness" })
	void thePublicPortServesLivenessAndReadinessWithoutDetails(String path) {
		new TaxiApi(this.port).http().get().uri(path).exchange().expectStatus().isOk()
			.expectBody().json("{\"status\": \"UP\"}", JsonCompareMode.STRICT);
	}

	@Test
	void theManagementPortServesHealthDetailsMetricsAndPrometheus() {
		TaxiApi management = new TaxiApi(this.managementPort);
		management.http().get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.components.r2dbc.status").isEqualTo("UP")
			.jsonPath("$.components.diskSpace.details.path").exists();
		management.http().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.components.schema.status").isEqualTo("UP");
		management.http().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		management.http().get().uri("/actuator/metrics").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.names[?(@ == 'jvm.memory.used')]").exists();
		String prometheus = management.http().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(prometheus).contains("jvm_memory_used_bytes");
	}

}
