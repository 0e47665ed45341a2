package dev.taxi.auth;

import dev.taxi.test.MultipartForm;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import dev.taxi.test.TaxiServerTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bodies no form can be read from, on every v1 endpoint that reads one: a client error in the
 * reference's {@code {"detail": ...}} shape, never a 500.
 */
@TaxiServerTest
class MalformedBodyTests {

	@LocalServerPort
	int port;

	static Stream<Arguments> malformedBodies() {
		MultipartForm tooManyParts = new MultipartForm();
		for (int i = 0; i < 20; i++) {
			tooManyParts.field("field" + i, "value");
		}
		MultipartForm bigField = new MultipartForm().field("username", "u".repeat(300_000));
		Stream<Arguments> bodies = Stream.of(
				arguments("multipart with too many parts", tooManyParts.contentType(), tooManyParts.toByteArray()),
				arguments("multipart without boundary", MediaType.MULTIPART_FORM_DATA, bytes("username=nobody")),
				arguments("multipart with a 300 kB field", bigField.contentType(), bigField.toByteArray()),
				arguments("urlencoded form of 300 kB", MediaType.APPLICATION_FORM_URLENCODED,
						bytes("username=" + "u".repeat(300_000))),
				arguments("JSON of 70 kB", MediaType.APPLICATION_JSON, bytes("{\"username\": \"" + "u".repeat(70_000) + "\"}")),
				arguments("broken JSON", MediaType.APPLICATION_JSON, bytes("{\"username\": ")),
				arguments("JSON array", MediaType.APPLICATION_JSON, bytes("[\"username\"]")));
		return bodies.flatMap((body) -> Stream.of("/api/sign_up/", "/api/log_in/", "/api/token/refresh/")
			.map((path) -> arguments(path, body.get()[0], body.get()[1], body.get()[2])));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("malformedBodies")
	void malformedBodyIsAClientError(String path, String description, MediaType type, byte[] body) {
		JsonNode answer = FreshConnection.client(this.port).post()
			.uri(path)
			.contentType(type)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();

		assertThat(answer.isObject()).isTrue();
		assertThat(answer.propertyNames()).isNotEmpty();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
