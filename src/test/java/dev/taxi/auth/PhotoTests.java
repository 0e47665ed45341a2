package dev.taxi.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.taxi.test.MultipartForm;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestImages;
import dev.taxi.test.TaxiServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /media/photos/…}: stored photos and nothing else, and a plain 404 for anything else. */
@TaxiServerTest
@TestPropertySource(properties = SignUpTests.OWN_MEDIA_DIR)
class PhotoTests {

	private static final String SECRET = "not for the web " + System.nanoTime();

	@LocalServerPort
	int port;

	@Autowired
	MediaProperties media;

	WebTestClient http;

	@BeforeEach
	void setUp() throws IOException {
		this.http = new TaxiApi(this.port).http();
		// Files a traversal would reach: next to the photos folder, and above the media folder.
		Files.writeString(this.media.dir().resolve("secret.txt"), SECRET, StandardCharsets.UTF_8);
		Files.writeString(this.media.dir().resolveSibling("secret.txt"), SECRET, StandardCharsets.UTF_8);
	}

	@Test
	void storedPhotoIsServed() throws IOException {
		byte[] png = TestImages.png();
		String name = "served-" + System.nanoTime() + ".png";
		Files.write(this.media.dir().resolve(PhotoStorage.FOLDER).resolve(name), png);

		this.http.get()
			.uri("/media/photos/{name}", name)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.IMAGE_PNG)
			.expectBody(byte[].class)
			.isEqualTo(png);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/media/photos/does-not-exist.png", "/media/photos/does-not-exist.png/",
			"/media/photos/does-not-exist", "/media/photos/", "/media/photos", "/media/", "/media/secret.txt" })
	void missingPhotoAnswers404(String path) {
		this.http.get().uri(path).exchange().expectStatus().isNotFound();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/media/photos/../secret.txt", "/media/photos/../../secret.txt",
			"/media/photos/..%2Fsecret.txt", "/media/photos/..%2fsecret.txt", "/media/photos/%2e%2e/secret.txt",
			"/media/photos/%2e%2e%2fsecret.txt", "/media/photos/%2E%2E%2F%2E%2E%2Fsecret.txt",
			"/media/photos/..%5Csecret.txt", "/media/photos/%252e%252e%252fsecret.txt",
			"/media/photos/..;/secret.txt", "/media/photos/%2e%2e;/secret.txt", "/media/photos/.%2e/secret.txt",
			"/media/photos/../../../../../../../../etc/passwd", "/media/photos/%2Fetc%2Fpasswd",
			"/media/photos//etc/passwd", "/media/photos/file:%2F%2F%2Fetc%2Fpasswd" })
	void pathTraversalAnswers404(String path) {
		RawHttp.Response answer = RawHttp.send(this.port, "GET " + path + " HTTP/1.1");

		assertThat(answer.status()).as("%s answered %s", path, answer.head()).isEqualTo(404);
		assertThat(answer.body()).doesNotContain(SECRET).doesNotContain("root:");
	}

	/**
	 * Each accepted format, sent under a name and a part type that lie about it, is served as the type
	 * its bytes were found to be at sign-up, and browsers are told not to guess another.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "image/png", "image/jpeg", "image/gif", "image/webp" })
	void aPhotoIsServedAsTheTypeItsContentWasFoundToBe(String type) {
		byte[] content = switch (type) {
			case "image/png" -> TestImages.png();
			case "image/jpeg" -> TestImages.jpeg();
			case "image/gif" -> TestImages.gif();
			default -> TestImages.webp();
		};
		MultipartForm form = MultipartForm.of(Map.of("username", TaxiApi.uniqueName("photo"), "password1",
				TaxiApi.PASSWORD, "password2", TaxiApi.PASSWORD, "group", "rider"))
			.file("photo", "me.html", MediaType.TEXT_HTML, content);
		JsonNode user = this.http.post().uri("/api/sign_up/").contentType(form.contentType()).bodyValue(form.toByteArray())
			.exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();

		this.http.get().uri(user.get("photo").asString()).exchange().expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.CONTENT_TYPE, type)
			.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(byte[].class).isEqualTo(content);
	}

	/** Only what Taxi stored, under a name it chose from the content, is served from the folder. */
	@ParameterizedTest
	@ValueSource(strings = { "page.html", "drawing.svg", "script.js", "photo.PNG.html", "photo" })
	void aFileInThePhotoFolderThatTaxiDidNotNameIsNotServed(String name) throws IOException {
		String file = System.nanoTime() + "-" + name;
		Files.write(this.media.dir().resolve(PhotoStorage.FOLDER).resolve(file), TestImages.png());
		this.http.get().uri("/media/photos/{name}", file).exchange().expectStatus().isNotFound();
	}

	/** Sanity check of the traversal tests: the secret is really there to be found. */
	@Test
	void secretFileExistsWhereATraversalWouldLook() {
		assertThat(this.media.dir().resolve(PhotoStorage.FOLDER).resolve("../secret.txt").normalize()).exists();
		assertThat(Path.of(this.media.dir().toString(), "..", "secret.txt").normalize()).hasContent(SECRET);
	}

}
