package dev.taxi.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.taxi.fuzz.HttpBodyGenerator.Request;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random sign-up and log-in bodies over HTTP, JSON, urlencoded and multipart, and what must
 * hold whatever they are: never a 5xx, every refusal a JSON object, and a user stored for exactly
 * the sign-ups answered {@code 201}.
 */
@FuzzServerTest
class HttpFuzzTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final int CONCURRENCY = 4;

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	private record Answer(int index, Request request, int status, String body) {
	}

	@Test
	void randomSignUpAndLogInBodiesNeverGetA5xxAndStoreAUserOnlyWhenTheyAreAnswered201() throws Exception {
		FuzzSettings settings = FuzzSettings.fromSystemProperties();
		System.out.println("HTTP fuzzing: " + settings.bodies() + " bodies, seed " + settings.seed() + " (replay with "
				+ settings.replay() + ")");
		TaxiApi api = new TaxiApi(this.port);
		TestUser rider = api.rider();
		TestUser driver = api.driver();
		// Usernames of this run start alike, and unlike any other run's, replays of the same seed included.
		String prefix = "fuzz-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
		HttpBodyGenerator generator = new HttpBodyGenerator(prefix,
				List.of(new HttpBodyGenerator.Account(rider.username(), TaxiApi.PASSWORD),
						new HttpBodyGenerator.Account(driver.username(), TaxiApi.PASSWORD)));
		List<Integer> indices = settings.onlyBodies().isEmpty() ? IntStream.range(0, settings.bodies()).boxed().toList()
				: settings.onlyBodies();
		List<Request> requests = indices.stream().map((index) -> generator.generate(settings.seedOf("body", index))).toList();
		Set<String> candidates = requests.stream().flatMap((request) -> request.usernames().stream()).collect(Collectors.toSet());
		StoredRows rows = new StoredRows(this.environment);
		Set<String> before = rows.existingUsernames(candidates);

		long started = System.nanoTime();
		List<Answer> answers = send(indices, requests);
		System.out.printf("HTTP fuzzing: %d bodies in %.1f s, by status %s, seed %d%n", answers.size(),
				(System.nanoTime() - started) / 1e9,
				answers.stream().collect(Collectors.groupingBy(Answer::status, java.util.TreeMap::new, Collectors.counting())),
				settings.seed());

		List<String> problems = new ArrayList<>();
		Set<String> signedUp = new HashSet<>();
		for (Answer answer : answers) {
			String problem = problem(answer);
			if (problem != null) {
				problems.add(report(settings, answer, problem));
			}
			if (answer.status() == 201 && problem == null) {
				signedUp.add(mapper.readTree(answer.body()).get("username").asString());
			}
		}
		candidates.addAll(signedUp);
		Set<String> after = rows.existingUsernames(candidates);
		Set<String> expected = new HashSet<>(before);
		signedUp.forEach((name) -> expected.add(StoredRows.asStored(name)));
		Set<String> unexpected = new HashSet<>(after);
		unexpected.removeAll(expected);
		Set<String> missing = new HashSet<>(expected);
		missing.removeAll(after);
		if (!unexpected.isEmpty()) {
			problems.add("users stored without a 201: " + unexpected + " (" + settings.replay() + ")");
		}
		if (!missing.isEmpty()) {
			problems.add("users answered 201 but not stored: " + missing + " (" + settings.replay() + ")");
		}
		api.logIn(rider.username(), TaxiApi.PASSWORD);
		assertThat(problems).as("broken properties (seed %d)", settings.seed()).isEmpty();
	}

	private List<Answer> send(List<Integer> indices, List<Request> requests) throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10)).build();
		ExecutorService executor = Executors.newFixedThreadPool(CONCURRENCY);
		try {
			List<Future<Answer>> futures = new ArrayList<>();
			for (int i = 0; i < requests.size(); i++) {
				int index = indices.get(i);
				Request request = requests.get(i);
				futures.add(executor.submit(() -> send(client, index, request)));
			}
			List<Answer> answers = new ArrayList<>();
			for (Future<Answer> future : futures) {
				try {
					answers.add(future.get());
				}
				catch (ExecutionException ex) {
					throw new IllegalStateException("A request failed", ex.getCause());
				}
			}
			return answers;
		}
		finally {
			executor.shutdownNow();
		}
	}

	private Answer send(HttpClient client, int index, Request request) throws IOException, InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + request.path()))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
		if (request.contentType() != null) {
			builder.header("Content-Type", request.contentType());
		}
		try {
			HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(index, request, response.statusCode(), response.body());
		}
		catch (IOException ex) {
			// The server may answer and close before it has read a body it refuses.
			return new Answer(index, request, -1, String.valueOf(ex));
		}
	}

	private static @Nullable String problem(Answer answer) {
		if (answer.status() >= 500) {
			return "answered " + answer.status() + ": " + answer.body();
		}
		if (answer.status() < 0) {
			return null;
		}
		JsonNode body;
		try {
			body = mapper.readTree(answer.body());
		}
		catch (JacksonException ex) {
			return "answered " + answer.status() + " with a body that is not JSON: " + answer.body();
		}
		if (!body.isObject()) {
			return "answered " + answer.status() + " with a body that is not a JSON object: " + answer.body();
		}
		return switch (answer.status()) {
			case 201 -> body.path("username").isString() ? null : "answered 201 without a user: " + answer.body();
			case 200 -> body.path("access").isString() && body.path("refresh").isString() ? null
					: "answered 200 without tokens: " + answer.body();
			default -> (answer.status() >= 400) ? null : "answered " + answer.status() + ": " + answer.body();
		};
	}

	private static String report(FuzzSettings settings, Answer answer, String problem) {
		Path file = Path.of("target", "fuzz-failures", settings.seed() + "-body-" + answer.index() + ".bin");
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, answer.request().body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return "Fuzzing broke a property over HTTP: " + problem + "\n  replay: " + settings.replay()
				+ " -Dtaxi.fuzz.only-bodies=" + answer.index() + "\n  body #" + answer.index() + ": "
				+ answer.request().describe(2000) + "\n    (its bytes: " + file + ")\n";
	}

}
