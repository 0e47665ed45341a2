package dev.taxi.web;

import java.util.List;
import java.util.Map;

import dev.taxi.test.TaxiServerTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document: it parses as OpenAPI 3.1, lists every REST endpoint, and says how each fails. */
@TaxiServerTest
class ApiDocumentationTests {

	/** Every REST endpoint, with its method, as PROTOCOL.md lists them. */
	private static final Map<String, PathItem.HttpMethod> ENDPOINTS = Map.ofEntries(
			Map.entry("/api/sign_up/", PathItem.HttpMethod.POST), Map.entry("/api/log_in/", PathItem.HttpMethod.POST),
			Map.entry("/api/token/refresh/", PathItem.HttpMethod.POST), Map.entry("/api/trip/", PathItem.HttpMethod.GET),
			Map.entry("/api/trip/{id}/", PathItem.HttpMethod.GET),
			Map.entry("/api/trip/{id}/cancel/", PathItem.HttpMethod.POST),
			Map.entry("/api/trip/{id}/messages/", PathItem.HttpMethod.GET),
			Map.entry("/api/trip/{id}/events/", PathItem.HttpMethod.GET), Map.entry("/api/me/", PathItem.HttpMethod.GET),
			Map.entry("/api/log_out/", PathItem.HttpMethod.POST),
			Map.entry("/media/photos/{file}", PathItem.HttpMethod.GET));

	@LocalServerPort
	int port;

	WebTestClient http;

	@BeforeEach
	void setUp() {
		this.http = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	private OpenAPI document() {
		String json = this.http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class)
			.returnResult().getResponseBody();
		SwaggerParseResult result = new OpenAPIV3Parser().readContents(json);
		assertThat(result.getMessages()).as("problems the parser found").isEmpty();
		assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1");
		return result.getOpenAPI();
	}

	@Test
	void listsEveryEndpointOnceWithItsMethod() {
		OpenAPI api = document();
		assertThat(api.getPaths().keySet()).containsExactlyInAnyOrderElementsOf(ENDPOINTS.keySet());
		ENDPOINTS.forEach((path, method) -> assertThat(api.getPaths().get(path).readOperationsMap()).containsKey(method));
	}

	@Test
	void saysWhichEndpointsNeedTheBearerTokenAndHowEachFails() {
		OpenAPI api = document();
		assertThat(api.getComponents().getSecuritySchemes()).containsKey("bearer");
		for (String path : List.of("/api/trip/{id}/cancel/", "/api/trip/{id}/messages/", "/api/trip/{id}/events/",
				"/api/me/", "/api/log_out/")) {
			Operation operation = api.getPaths().get(path).readOperations().get(0);
			assertThat(operation.getSecurity()).as(path).isNotEmpty();
			assertThat(operation.getResponses().get("401").getContent()).as(path).containsKey("application/problem+json");
		}
		Operation cancel = api.getPaths().get("/api/trip/{id}/cancel/").getPost();
		assertThat(cancel.getResponses()).containsKeys("200", "401", "403", "404", "409");
		Operation list = api.getPaths().get("/api/trip/").getGet();
		assertThat(list.getResponses().get("401").getContent()).containsKey("application/json");
		assertThat(api.getPaths().get("/api/log_in/").getPost().getSecurity()).isNullOrEmpty();
	}

	@Test
	void describesTheMultipartSignUp() {
		Operation signUp = document().getPaths().get("/api/sign_up/").getPost();
		assertThat(signUp.getRequestBody().getContent()).containsKeys("multipart/form-data", "application/json");
		assertThat(signUp.getRequestBody().getContent().get("multipart/form-data").getSchema().getProperties())
			.containsKeys("username", "password1", "password2", "group", "photo");
	}

	@Test
	void swaggerUiLetsAPersonTryThem() {
		this.http.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
		this.http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
	}

}
