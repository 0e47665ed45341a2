package dev.taxi.fuzz;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.taxi.test.TestImages;
import org.jspecify.annotations.Nullable;

/**
 * Sign-up and log-in requests from one seed: JSON, urlencoded and multipart bodies with plausible
 * or wrongly typed fields, odd values (past every length, NUL, lone surrogates, passwords past
 * bcrypt's 72 bytes), photos that are and are not images, broken multipart, mutated bytes, and
 * content types that do not match the body. Every username a body carries is kept, so that the
 * users stored afterwards can be checked against what the server answered.
 */
final class HttpBodyGenerator {

	static final String SIGN_UP = "/api/sign_up/";

	static final String LOG_IN = "/api/log_in/";

	private static final String BOUNDARY = "FuzzBoundary0123456789";

	private static final byte[] PNG = TestImages.png();

	private final String namePrefix;

	private final List<Account> accounts;

	/** An account that exists, to log in with, right or wrong. */
	record Account(String username, String password) {
	}

	/** One request: where, with which content type (if any), the body, and the usernames it may sign up. */
	record Request(String path, @Nullable String contentType, byte[] body, String recipe, Set<String> usernames) {

		String describe(int maxChars) {
			String text = Utf8.isValid(this.body) ? Utf8.escape(new String(this.body, StandardCharsets.UTF_8))
					: "hex:" + java.util.HexFormat.of().formatHex(this.body);
			if (text.length() > maxChars) {
				text = text.substring(0, maxChars) + "... (" + text.length() + " chars in all)";
			}
			return "POST " + this.path + " Content-Type: " + this.contentType + " [" + this.recipe + "] " + this.body.length
					+ " bytes: " + text;
		}

	}

	HttpBodyGenerator(String namePrefix, List<Account> accounts) {
		this.namePrefix = namePrefix;
		this.accounts = List.copyOf(accounts);
	}

	Request generate(long seed) {
		OddValues values = new OddValues(new SplittableRandom(seed));
		boolean signUp = values.chance(0.5);
		String path = signUp ? SIGN_UP : LOG_IN;
		if (values.chance(0.15)) {
			path = path.substring(0, path.length() - 1);
		}
		Map<String, Json> fields = signUp ? signUpFields(values) : logInFields(values);
		Set<String> usernames = new java.util.HashSet<>();
		fields.forEach((name, value) -> {
			if (name.equals("username") && value instanceof Json.Str string) {
				usernames.add(string.value());
			}
		});
		String recipe = signUp ? "sign-up" : "log-in";
		int encoding = values.random().nextInt(100);
		if (encoding < 40) {
			byte[] body = json(values, fields).getBytes(StandardCharsets.UTF_8);
			if (values.chance(0.25)) {
				Mutations.Result mutated = new Mutations(values).mutate(body);
				return new Request(path, contentType(values, "application/json"), mutated.bytes(),
						recipe + ", mutated JSON: " + mutated.steps(), usernames);
			}
			return new Request(path, contentType(values, "application/json"), body, recipe + ", JSON", usernames);
		}
		if (encoding < 60) {
			return new Request(path, contentType(values, "application/x-www-form-urlencoded"),
					urlencoded(fields).getBytes(StandardCharsets.UTF_8), recipe + ", urlencoded", usernames);
		}
		if (encoding < 92) {
			usernames.add(this.namePrefix + "second");
			Multipart multipart = multipart(values, fields, signUp, this.namePrefix + "second");
			return new Request(path, contentType(values, multipart.contentType()), multipart.body(),
					recipe + ", multipart: " + multipart.recipe(), usernames);
		}
		byte[] body = values.chance(0.5) ? FrameGenerator.randomBytes(values.random(), values.between(0, 3000))
				: values.any(3).write().getBytes(StandardCharsets.UTF_8);
		return new Request(path, contentType(values, "application/json"), body, recipe + ", random body", usernames);
	}

	/** Mostly the body's own type, sometimes another one, a broken one or none. */
	private static @Nullable String contentType(OddValues values, String own) {
		if (values.chance(0.85)) {
			return own;
		}
		return values.pick(new String[] { "text/plain", "application/xml", "application/json; charset=ISO-8859-1",
				"application/x-www-form-urlencoded; charset=UTF-16", "multipart/form-data", "multipart/mixed; boundary=x",
				"multipart/form-data; boundary=", "application/octet-stream", "*/*", "application/json;;;", "garbage",
				"image/png", "" });
	}

	private Map<String, Json> signUpFields(OddValues values) {
		Map<String, Json> fields = new LinkedHashMap<>();
		String password = password(values);
		usernameField(values, fields);
		field(values, fields, "first_name", () -> Json.string(values.chance(0.6) ? "Fuzz" : values.text()));
		field(values, fields, "last_name", () -> Json.string(values.chance(0.6) ? "Tester" : values.text()));
		field(values, fields, "password1", () -> Json.string(password));
		field(values, fields, "password2", () -> Json.string(values.chance(0.8) ? password : password(values)));
		field(values, fields, "group", () -> Json.string(values.chance(0.8) ? values.pick(new String[] { "rider", "driver" })
				: values.text()));
		return fields;
	}

	private Map<String, Json> logInFields(OddValues values) {
		Map<String, Json> fields = new LinkedHashMap<>();
		Account account = values.pick(this.accounts);
		if (values.chance(0.7)) {
			fields.put("username", Json.string(account.username()));
		}
		else {
			usernameField(values, fields);
		}
		field(values, fields, "password",
				() -> Json.string(values.chance(0.3) ? account.password() : password(values)));
		return fields;
	}

	/** A field with a plausible value, a value of another type, or none at all. */
	private static void field(OddValues values, Map<String, Json> fields, String name, java.util.function.Supplier<Json> plausible) {
		if (values.chance(0.06)) {
			return;
		}
		fields.put(name, values.chance(0.8) ? plausible.get() : values.chance(0.5) ? new Json.Str(values.text(), false)
				: values.any(2));
	}

	/**
	 * A username of this run, plain or odd, or of another JSON type (which a form reads as its
	 * text): always with the run's prefix, or one that cannot be stored, so that fuzzing never
	 * takes a name another test or person might want.
	 */
	private void usernameField(OddValues values, Map<String, Json> fields) {
		if (values.chance(0.06)) {
			return;
		}
		String unique = this.namePrefix + Long.toHexString(values.random().nextLong());
		Json username = switch (values.random().nextInt(12)) {
			case 0 -> Json.string(values.pick(new String[] { "", " ", "\t\n", "\u0000", unique + "\u0000", "x".repeat(151),
					"\ud800" }));
			case 1 -> Json.string(unique + values.unicode(values.between(1, 20)));
			case 2 -> Json.string(unique + "x".repeat(values.between(100, 160)));
			case 3 -> Json.string(" " + unique + " ");
			case 4 -> new Json.Arr(List.of(Json.string(unique), values.any(1)));
			case 5 -> Json.Obj.of().with(unique, values.any(1));
			case 6 -> Json.NULL;
			default -> Json.string(unique);
		};
		fields.put("username", username);
	}

	private static String password(OddValues values) {
		return switch (values.random().nextInt(8)) {
			case 0 -> "pAssw0rd!" + "x".repeat(values.between(60, 200));
			case 1 -> "\u00e9".repeat(values.between(30, 80));
			case 2 -> "12345678901";
			case 3 -> "short";
			case 4 -> values.text();
			default -> "pAssw0rd!";
		};
	}

	private static String json(OddValues values, Map<String, Json> fields) {
		Json.Obj object = Json.Obj.of();
		fields.forEach(object::with);
		List<String> others = fields.keySet().stream().filter((name) -> !name.equals("username")).toList();
		if (values.chance(0.1) && !others.isEmpty()) {
			// A key twice: the last one counts.
			object.with(values.pick(others), values.any(1));
		}
		if (values.chance(0.1)) {
			object.with("photo", values.any(1));
		}
		return object.write();
	}

	private static String urlencoded(Map<String, Json> fields) {
		List<String> pairs = new ArrayList<>();
		fields.forEach((name, value) -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
				+ URLEncoder.encode(text(value), StandardCharsets.UTF_8)));
		return String.join("&", pairs);
	}

	/** What a form field carries: a string as it is, anything else as its JSON text. */
	private static String text(Json value) {
		return (value instanceof Json.Str string) ? StoredRows.asStored(string.value()) : value.write();
	}

	private record Multipart(String contentType, byte[] body, String recipe) {
	}

	private static Multipart multipart(OddValues values, Map<String, Json> fields, boolean signUp, String second) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		List<String> recipe = new ArrayList<>();
		fields.forEach((name, value) -> write(out, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name
				+ "\"\r\n\r\n" + text(value) + "\r\n"));
		if (signUp && values.chance(0.5)) {
			byte[] photo = switch (values.random().nextInt(5)) {
				case 0 -> PNG;
				case 1 -> FrameGenerator.randomBytes(values.random(), values.between(0, 2000));
				case 2 -> java.util.Arrays.copyOf(PNG, values.between(0, PNG.length));
				case 3 -> new byte[0];
				default -> java.util.Arrays.copyOf(PNG, PNG.length + values.between(1, 500));
			};
			String filename = values.pick(new String[] { "me.png", "", "../../../etc/passwd", "a\"b.png", "\u00e9.png",
					"x".repeat(300) + ".png", "no-extension" });
			String type = values.pick(new String[] { "image/png", "image/jpeg", "text/plain", "application/octet-stream" });
			write(out, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" + filename
					+ "\"\r\nContent-Type: " + type + "\r\n\r\n");
			out.writeBytes(photo);
			write(out, "\r\n");
			recipe.add("photo of " + photo.length + " bytes");
		}
		switch (values.random().nextInt(8)) {
			case 0 -> recipe.add("no closing boundary");
			case 1 -> {
				write(out, "--" + BOUNDARY + "\r\nContent-Disposition: form-data\r\n\r\nnameless\r\n--" + BOUNDARY + "--\r\n");
				recipe.add("a part without a name");
			}
			case 2 -> {
				write(out, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\n" + second + "\r\n--"
						+ BOUNDARY + "--\r\n");
				recipe.add("username twice");
			}
			case 3 -> {
				write(out, "--" + BOUNDARY + "\r\n" + "X-Junk: " + "y".repeat(values.between(1, 9000)) + "\r\n\r\nz\r\n--"
						+ BOUNDARY + "--\r\n");
				recipe.add("a part with a long header");
			}
			default -> write(out, "--" + BOUNDARY + "--\r\n");
		}
		String contentType = values.chance(0.9) ? "multipart/form-data; boundary=" + BOUNDARY
				: "multipart/form-data; boundary=Other";
		byte[] body = out.toByteArray();
		if (values.chance(0.15)) {
			Mutations.Result mutated = new Mutations(values).mutate(body);
			body = mutated.bytes();
			recipe.add("mutated: " + mutated.steps());
		}
		return new Multipart(contentType, body, String.join(", ", recipe));
	}

	private static void write(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

}
