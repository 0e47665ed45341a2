package dev.taxi.web;

import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Liveness and readiness on the public port, where load balancers and orchestrators look for them,
 * at the paths the actuator gives them: their status only (200 when up, 503 when not), nothing of
 * what they are made of. Everything else of the actuator, these with their components included,
 * is served on the management port only ({@code management.server.port}).
 */
// Operations, not the API: not in the OpenAPI document.
@Hidden
@RestController
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
class PublicHealthProbes {

	private final ReactiveHealthEndpointWebExtension health;

	PublicHealthProbes(ReactiveHealthEndpointWebExtension health) {
		this.health = health;
	}

	@GetMapping("/actuator/health/{probe:liveness|readiness}")
	Mono<ResponseEntity<Map<String, String>>> probe(@PathVariable String probe) {
		return this.health.health(ApiVersion.LATEST, WebServerNamespace.MANAGEMENT, SecurityContext.NONE, false, probe)
			.map((response) -> {
				HealthDescriptor descriptor = response.getBody();
				String status = (descriptor != null) ? descriptor.getStatus().getCode() : "UNKNOWN";
				return ResponseEntity.status(response.getStatus()).body(Map.of("status", status));
			});
	}

}
