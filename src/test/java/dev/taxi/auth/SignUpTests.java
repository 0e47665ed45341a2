package dev.taxi.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.taxi.test.MultipartForm;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestImages;
import dev.taxi.test.TaxiServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.StatusAssertions;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import static dev.taxi.test.TaxiApi.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@code POST /api/sign_up/} over a real socket, as the reference client and its users meet it. */
@TaxiServerTest
@TestPropertySource(properties = SignUpTests.OWN_MEDIA_DIR)
class SignUpTests {

	/** Photos of these tests go to a folder of their own, so that a test can tell which files appeared. */
	static final String OWN_MEDIA_DIR = "taxi.media.dir=${java.io.tmpdir}/taxi-auth-tests/media";

	private static final String REQUIRED = "This field is required.";

	private static final String TAKEN = "{\"username\": [\"A user with that username already exists.\"]}";

	private static final int FIVE_MB = 5 * 1024 * 1024;

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	MediaProperties media;

	WebTestClient http;

	@BeforeEach
	void setUp() {
		this.http = new TaxiApi(this.port).http();
	}

	@Test
	void jsonSignUpAnswersCreatedWithExactlyTheUserJson() {
		Map<String, Object> form = form(uniqueName("json"));

		JsonNode user = created(signUpJson(form));

		assertUserJson(user, form);
		assertThat(user.get("photo").isNull()).isTrue();
	}

	@Test
	void multipartSignUpAnswersCreatedWithExactlyTheUserJson() {
		Map<String, Object> form = form(uniqueName("multipart"));
		form.put("group", "driver");

		JsonNode user = created(signUpMultipart(multipart(form)));

		assertUserJson(user, form);
		assertThat(user.get("photo").isNull()).isTrue();
	}

	@Test
	void formUrlencodedSignUpAnswersCreatedWithExactlyTheUserJson() {
		Map<String, Object> form = form(uniqueName("urlencoded"));
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		form.forEach((name, value) -> fields.add(name, String.valueOf(value)));

		JsonNode user = created(this.http.post()
			.uri("/api/sign_up/")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(fields))
			.exchange());

		assertUserJson(user, form);
	}

	@Test
	void signedUpUserCanLogInWithTheirPassword() {
		Map<String, Object> form = form(uniqueName("login"));
		JsonNode user = created(signUpJson(form));

		JsonNode tokens = new TaxiApi(this.port).logIn((String) form.get("username"), TaxiApi.PASSWORD);

		assertThat(Jwts.payload(tokens.get("access").asString()).get("id").asLong()).isEqualTo(user.get("id").asLong());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/sign_up", "/api/sign_up/" })
	void signUpAnswersWithAndWithoutTrailingSlash(String path) {
		Map<String, Object> form = form(uniqueName("slash"));
		assertUserJson(created(this.http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(form).exchange()),
				form);

		this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(form)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.json(TAKEN, JsonCompareMode.STRICT);
	}

	@Test
	void pngPhotoIsLinkedAsAnAbsoluteUrlThatServesTheSameBytes() {
		byte[] png = TestImages.png();
		Map<String, Object> form = form(uniqueName("png"));
		MultipartForm parts = multipart(form);
		parts.file("photo", "me.png", MediaType.IMAGE_PNG, png);

		JsonNode user = created(signUpMultipart(parts));

		assertUserJson(user, form);
		String url = user.get("photo").asString();
		assertThat(url).matches("http://localhost:" + this.port + "/media/photos/[A-Za-z0-9._-]+\\.png");
		assertThat(download(url, MediaType.IMAGE_PNG)).isEqualTo(png);
		// Tokens carry the photo as a path, as the reference does.
		JsonNode tokens = new TaxiApi(this.port).logIn((String) form.get("username"), TaxiApi.PASSWORD);
		assertThat(Jwts.payload(tokens.get("access").asString()).get("photo").asString())
			.isEqualTo(URI.create(url).getPath());
	}

	static Stream<Arguments> otherImages() {
		return Stream.of(arguments("JPEG", TestImages.jpeg(), "jpg", MediaType.IMAGE_JPEG),
				arguments("GIF", TestImages.gif(), "gif", MediaType.IMAGE_GIF),
				arguments("WebP", TestImages.webp(), "webp", MediaType.parseMediaType("image/webp")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("otherImages")
	void otherImageFormatsAreRecognisedByTheirContent(String format, byte[] image, String extension, MediaType type) {
		Map<String, Object> form = form(uniqueName(format));
		MultipartForm parts = multipart(form);
		// A name that tells nothing: the server must look at the bytes.
		parts.file("photo", "upload", MediaType.APPLICATION_OCTET_STREAM, image);

		JsonNode user = created(signUpMultipart(parts));

		String url = user.get("photo").asString();
		assertThat(url).matches("http://localhost:" + this.port + "/media/photos/[A-Za-z0-9._-]+\\." + extension);
		assertThat(download(url, type)).isEqualTo(image);
	}

	@Test
	void emptyFilePartMeansNoPhoto() {
		Map<String, Object> form = form(uniqueName("nofile"));
		MultipartForm parts = multipart(form);
		// What a browser sends for a file input left empty.
		parts.file("photo", "", MediaType.APPLICATION_OCTET_STREAM, new byte[0]);

		JsonNode user = created(signUpMultipart(parts));

		assertUserJson(user, form);
		assertThat(user.get("photo").isNull()).isTrue();
	}

	@Test
	void textFileNamedPngIsRefused() {
		String username = uniqueName("textpng");
		MultipartForm parts = multipart(form(username));
		byte[] text = "I am not a picture, whatever my name says.\n".repeat(20).getBytes();
		parts.file("photo", "photo.png", MediaType.IMAGE_PNG, text);

		JsonNode errors = refused(signUpMultipart(parts));

		assertOnlyFieldError(errors, "photo");
		assertNothingStored(username);
	}

	@Test
	void fileThatOnlyStartsLikeAPngIsRefused() {
		String username = uniqueName("stub");
		MultipartForm parts = multipart(form(username));
		byte[] signatureOnly = Arrays.copyOf(TestImages.png(), 8);
		parts.file("photo", "photo.png", MediaType.IMAGE_PNG, signatureOnly);

		assertOnlyFieldError(refused(signUpMultipart(parts)), "photo");
	}

	@Test
	void photoOver5MbIsRefusedAsAFieldError() {
		String username = uniqueName("huge");
		MultipartForm parts = multipart(form(username));
		parts.file("photo", "huge.png", MediaType.IMAGE_PNG, TestImages.pngOfSize(FIVE_MB + 1));

		// The server answers before reading the rest, then closes: keep that connection out of the pool.
		JsonNode errors = refused(FreshConnection.client(this.port)
			.post()
			.uri("/api/sign_up/")
			.contentType(parts.contentType())
			.bodyValue(parts.toByteArray())
			.exchange());

		assertOnlyFieldError(errors, "photo");
		assertNothingStored(username);
	}

	@Test
	void photoOfExactly5MbIsAccepted() {
		byte[] png = TestImages.pngOfSize(FIVE_MB);
		Map<String, Object> form = form(uniqueName("fivemb"));
		MultipartForm parts = multipart(form);
		parts.file("photo", "big.png", MediaType.IMAGE_PNG, png);

		JsonNode user = created(signUpMultipart(parts));

		assertThat(download(user.get("photo").asString(), MediaType.IMAGE_PNG)).isEqualTo(png);
	}

	@Test
	void refusedSignUpKeepsNoPhoto() {
		Set<Path> before = storedPhotos();
		Map<String, Object> form = form(uniqueName("keepnone"));
		form.put("password2", "not the same password");
		MultipartForm parts = multipart(form);
		parts.file("photo", "me.png", MediaType.IMAGE_PNG, TestImages.png());

		signUpMultipart(parts).expectStatus()
			.isBadRequest()
			.expectBody()
			.json("{\"non_field_errors\": [\"Passwords must match.\"]}", JsonCompareMode.STRICT);

		assertThat(storedPhotos()).isEqualTo(before);
	}

	@Test
	void signUpReportsEveryMissingRequiredField() {
		signUpJson(Map.of()).expectStatus()
			.isBadRequest()
			.expectBody()
			.json("{\"username\": [\"%1$s\"], \"password1\": [\"%1$s\"], \"password2\": [\"%1$s\"], \"group\": [\"%1$s\"]}"
				.formatted(REQUIRED), JsonCompareMode.STRICT);
	}

	@Test
	void signUpReportsAMissingFieldAlone() {
		String username = uniqueName("nogroup");
		Map<String, Object> form = form(username);
		form.remove("group");

		expectRefusal(form, "{\"group\": [\"" + REQUIRED + "\"]}");
		assertNothingStored(username);
	}

	@Test
	void signUpRefusesBlankUsername() {
		Map<String, Object> form = form("   ");

		expectRefusal(form, "{\"username\": [\"This field may not be blank.\"]}");
	}

	@Test
	void signUpRefusesUsernameOf151Characters() {
		String username = padded(uniqueName("long"), 151);
		assertThat(username).hasSize(151);

		expectRefusal(form(username), "{\"username\": [\"Ensure this field has no more than 150 characters.\"]}");
		this.http.post()
			.uri("/api/log_in/")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", TaxiApi.PASSWORD))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void signUpAcceptsUsernameOf150Characters() {
		Map<String, Object> form = form(padded(uniqueName("long"), 150));

		assertUserJson(created(signUpJson(form)), form);
	}

	@Test
	void signUpCountsLengthsInCodePoints() {
		String name = uniqueName("cp");
		Map<String, Object> form = form(name + "\uD83D\uDE00".repeat(150 - name.length()));
		assertThat(((String) form.get("username")).codePointCount(0, ((String) form.get("username")).length())).isEqualTo(150);

		assertUserJson(created(signUpJson(form)), form);
	}

	@Test
	void signUpRefusesNamesOver150Characters() {
		String username = uniqueName("names");
		Map<String, Object> form = form(username);
		form.put("first_name", "F".repeat(151));
		form.put("last_name", "L".repeat(151));

		expectRefusal(form, "{\"first_name\": [\"Ensure this field has no more than 150 characters.\"], "
				+ "\"last_name\": [\"Ensure this field has no more than 150 characters.\"]}");
		assertNothingStored(username);
	}

	@Test
	void signUpRefusesNullCharactersAsFieldErrors() {
		String username = uniqueName("nul");
		Map<String, Object> form = form(username + "\u0000");
		form.put("first_name", "Ada\u0000");
		form.put("last_name", "\u0000");

		expectRefusal(form, "{\"username\": [\"Null characters are not allowed.\"], "
				+ "\"first_name\": [\"Null characters are not allowed.\"], "
				+ "\"last_name\": [\"Null characters are not allowed.\"]}");
		assertNothingStored(username);
	}

	@Test
	void signUpRefusesTakenUsername() {
		Map<String, Object> first = form(uniqueName("taken"));
		created(signUpJson(first));
		Map<String, Object> second = form((String) first.get("username"));
		second.put("first_name", "Impostor");
		second.put("password1", "another-passw0rd");
		second.put("password2", "another-passw0rd");

		expectRefusal(second, TAKEN);
		// The first user is untouched: their password still works, the impostor's does not.
		new TaxiApi(this.port).logIn((String) first.get("username"), TaxiApi.PASSWORD);
		logInStatus((String) first.get("username"), "another-passw0rd").isUnauthorized();
	}

	@Test
	void signUpRefusesPasswordsThatDiffer() {
		String username = uniqueName("differ");
		Map<String, Object> form = form(username);
		form.put("password2", TaxiApi.PASSWORD + "?");

		expectRefusal(form, "{\"non_field_errors\": [\"Passwords must match.\"]}");
		assertNothingStored(username);
	}

	@Test
	void signUpRefusesPasswordShorterThan8Characters() {
		String username = uniqueName("short");
		Map<String, Object> form = withPassword(form(username), "pa55wrd");

		expectRefusal(form, "{\"password1\": [\"This password is too short. It must contain at least 8 characters.\"]}");
		assertNothingStored(username);
	}

	@Test
	void signUpAcceptsPasswordOfExactly8Characters() {
		Map<String, Object> form = withPassword(form(uniqueName("eight")), "pa55word");

		created(signUpJson(form));
		logInStatus((String) form.get("username"), "pa55word").isOk();
	}

	@Test
	void signUpRefusesNumericPassword() {
		String username = uniqueName("numeric");
		Map<String, Object> form = withPassword(form(username), "1234567890");

		expectRefusal(form, "{\"password1\": [\"This password is entirely numeric.\"]}");
		assertNothingStored(username);
	}

	@Test
	void signUpRefusesUnknownGroup() {
		String username = uniqueName("admin");
		Map<String, Object> form = form(username);
		form.put("group", "admin");

		JsonNode errors = refused(signUpJson(form));

		assertOnlyFieldError(errors, "group");
		assertThat(errors.get("group").get(0).asString()).contains("admin");
		assertNothingStored(username);
	}

	@Test
	void signUpRefusesMalformedJsonWithADetail() {
		this.http.post()
			.uri("/api/sign_up/")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\": ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isNotEmpty();
	}

	@Test
	void concurrentSignUpsWithTheSameUsernameCreateOneUser() throws Exception {
		Set<Path> before = storedPhotos();
		int rounds = 3;
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < rounds; round++) {
				String username = uniqueName("race");
				CyclicBarrier together = new CyclicBarrier(2);
				Callable<EntityExchangeResult<String>> signUp = () -> {
					MultipartForm parts = multipart(form(username));
					parts.file("photo", "me.png", MediaType.IMAGE_PNG, TestImages.png());
					together.await(10, TimeUnit.SECONDS);
					return signUpMultipart(parts).expectBody(String.class).returnResult();
				};
				List<EntityExchangeResult<String>> results = new ArrayList<>();
				for (Future<EntityExchangeResult<String>> result : pool.invokeAll(List.of(signUp, signUp))) {
					results.add(result.get(30, TimeUnit.SECONDS));
				}
				results.sort((a, b) -> Integer.compare(a.getStatus().value(), b.getStatus().value()));
				assertThat(results).extracting((result) -> result.getStatus().value()).containsExactly(201, 400);
				assertThat(mapper.readTree(results.get(1).getResponseBody())).isEqualTo(mapper.readTree(TAKEN));
			}
		}
		finally {
			pool.shutdownNow();
		}
		// One photo per user created: the loser's, if it was stored, is gone again.
		assertThat(storedPhotos()).containsAll(before).hasSize(before.size() + rounds);
	}

	private static Map<String, Object> form(String username) {
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("first_name", "Ada");
		form.put("last_name", "Lovelace");
		form.put("password1", TaxiApi.PASSWORD);
		form.put("password2", TaxiApi.PASSWORD);
		form.put("group", "rider");
		return form;
	}

	private static Map<String, Object> withPassword(Map<String, Object> form, String password) {
		form.put("password1", password);
		form.put("password2", password);
		return form;
	}

	private static String padded(String name, int length) {
		return name + "x".repeat(length - name.length());
	}

	private static MultipartForm multipart(Map<String, Object> form) {
		return MultipartForm.of(form);
	}

	private WebTestClient.ResponseSpec signUpJson(Object form) {
		return this.http.post().uri("/api/sign_up/").contentType(MediaType.APPLICATION_JSON).bodyValue(form).exchange();
	}

	private WebTestClient.ResponseSpec signUpMultipart(MultipartForm parts) {
		return this.http.post()
			.uri("/api/sign_up/")
			.contentType(parts.contentType())
			.bodyValue(parts.toByteArray())
			.exchange();
	}

	private static JsonNode created(WebTestClient.ResponseSpec response) {
		return response.expectStatus()
			.isCreated()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	private static JsonNode refused(WebTestClient.ResponseSpec response) {
		return response.expectStatus().isBadRequest().expectBody(JsonNode.class).returnResult().getResponseBody();
	}

	private void expectRefusal(Map<String, Object> form, String expectedJson) {
		signUpJson(form).expectStatus().isBadRequest().expectBody().json(expectedJson, JsonCompareMode.STRICT);
	}

	private StatusAssertions logInStatus(String username, String password) {
		return this.http.post()
			.uri("/api/log_in/")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password))
			.exchange()
			.expectStatus();
	}

	/** The reference's field error shape: only this field, a list of messages. */
	private static void assertOnlyFieldError(JsonNode errors, String field) {
		assertThat(errors.propertyNames()).containsExactly(field);
		assertThat(errors.get(field).isArray()).as("%s is a list", field).isTrue();
		assertThat(errors.get(field).values()).singleElement().satisfies((message) -> {
			assertThat(message.isString()).isTrue();
			assertThat(message.asString()).isNotBlank();
		});
	}

	/** Nobody can log in under that name, and it is still free to take. */
	private void assertNothingStored(String username) {
		logInStatus(username, TaxiApi.PASSWORD).isUnauthorized();
		created(signUpJson(form(username)));
	}

	private static void assertUserJson(JsonNode user, Map<String, Object> form) {
		assertThat(user.propertyNames()).containsExactlyInAnyOrder("id", "username", "first_name", "last_name", "group",
				"photo");
		assertThat(user.get("id").isIntegralNumber()).as("id is an integer").isTrue();
		assertThat(user.get("id").asLong()).isPositive();
		assertThat(user.get("username").asString()).isEqualTo(form.get("username"));
		assertThat(user.get("first_name").asString()).isEqualTo(form.get("first_name"));
		assertThat(user.get("last_name").asString()).isEqualTo(form.get("last_name"));
		assertThat(user.get("group").asString()).isEqualTo(form.get("group"));
	}

	private byte[] download(String url, MediaType type) {
		return this.http.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(2 * FIVE_MB))
			.build()
			.get()
			.uri(URI.create(url))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(type)
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
	}

	private Set<Path> storedPhotos() {
		Path folder = this.media.dir().resolve(PhotoStorage.FOLDER);
		try (Stream<Path> files = Files.list(folder)) {
			return files.collect(Collectors.toSet());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
