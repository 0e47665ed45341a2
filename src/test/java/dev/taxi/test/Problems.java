package dev.taxi.test;

import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9457 problem details as the v2 HTTP endpoints answer their errors: {@code application/problem+json}
 * with {@code type} ({@code about:blank}), {@code title} (the status's reason phrase), {@code status},
 * a {@code detail} for a client developer and {@code instance} (the request path); nothing else and
 * nothing internal.
 */
public final class Problems {

	private Problems() {
	}

	/** The response is a problem of this status about this path; its body. */
	public static JsonNode expectProblem(WebTestClient.ResponseSpec response, int status, String instance) {
		JsonNode problem = response.expectStatus().isEqualTo(status).expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody(JsonNode.class).returnResult()
			.getResponseBody();
		assertProblem(problem, status, instance);
		return problem;
	}

	public static void assertProblem(JsonNode problem, int status, String instance) {
		assertThat(problem).as("a problem body").isNotNull();
		assertThat(problem.propertyNames()).as("fields of %s", problem)
			.containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
		assertThat(problem.get("type").asString()).as("type of %s", problem).isEqualTo("about:blank");
		assertThat(problem.get("title").asString()).as("title of %s", problem).isEqualTo(reasonPhrase(status));
		assertThat(problem.get("status").isNumber()).as("status of %s is a number", problem).isTrue();
		assertThat(problem.get("status").asInt()).as("status of %s", problem).isEqualTo(status);
		assertThat(problem.get("instance").asString()).as("instance of %s", problem).isEqualTo(instance);
		String detail = problem.get("detail").asString();
		assertThat(detail).as("detail of %s", problem).isNotBlank();
		assertThat(detail).as("detail of %s leaks nothing internal", problem)
			.doesNotContain("Exception", "exception", "java.", "dev.taxi", "org.springframework", "SQL", "R2DBC", "\tat ");
	}

	static String reasonPhrase(int status) {
		return switch (status) {
			case 400 -> "Bad Request";
			case 401 -> "Unauthorized";
			case 403 -> "Forbidden";
			case 404 -> "Not Found";
			case 409 -> "Conflict";
			case 429 -> "Too Many Requests";
			case 503 -> "Service Unavailable";
			default -> throw new IllegalArgumentException("no reason phrase for " + status);
		};
	}

}
