package dev.taxi.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.taxi.web.UnicodeText;
import dev.taxi.web.V1Exception;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Signs users up with the rules of the protocol: a known group, a non-blank username of at most
 * 150 characters, a password of at least 8 characters that is not all digits, typed twice, and
 * an optional photo that really is an image; and a password of at most 72 bytes in UTF-8, all
 * that bcrypt reads. All problems are reported at once, per field, and nothing is stored unless
 * all is well.
 */
@Service
class SignUpService {

	static final String REQUIRED = "This field is required.";

	/** PostgreSQL cannot store U+0000 in text: refused as a field error, as the reference does. */
	static final String NULL_CHARACTERS = "Null characters are not allowed.";

	/** Nor text with an unpaired surrogate, which only a JSON escape can carry (see {@link UnicodeText}). */
	static final String UNPAIRED_SURROGATES = "Unpaired surrogates are not allowed.";

	private static final int MAX_NAME_LENGTH = 150;

	private static final int MIN_PASSWORD_LENGTH = 8;

	/** bcrypt reads no more than this; the encoder refuses a longer password rather than cut it. */
	private static final int MAX_PASSWORD_BYTES = 72;

	private final UserRepository users;

	private final PasswordEncoder passwords;

	private final PhotoStorage photos;

	private final MediaProperties media;

	SignUpService(UserRepository users, PasswordEncoder passwords, PhotoStorage photos, MediaProperties media) {
		this.users = users;
		this.passwords = passwords;
		this.photos = photos;
		this.media = media;
	}

	Mono<User> signUp(SignUpForm form) {
		Map<String, List<String>> errors = new LinkedHashMap<>();
		check(errors, "username", form.username(), true);
		check(errors, "first_name", form.firstName(), false);
		check(errors, "last_name", form.lastName(), false);
		checkPassword(errors, form.password1(), form.password2());
		Optional<Role> role = checkGroup(errors, form.group());
		ImageType photoType = checkPhoto(errors, form.photo());
		if (!errors.isEmpty()) {
			return Mono.error(V1Exception.fieldErrors(errors));
		}
		String username = form.username();
		return this.users.existsByUsername(username).flatMap((taken) -> {
			if (taken) {
				return Mono.error(usernameTaken());
			}
			return Mono.zip(hash(form.password1()), storePhoto(form.photo(), photoType))
				.flatMap((stored) -> insert(form, role.orElseThrow(), stored.getT1(), stored.getT2().orElse(null)));
		});
	}

	private Mono<User> insert(SignUpForm form, Role role, String passwordHash, @Nullable String photo) {
		UserRepository.NewUser user = new UserRepository.NewUser(form.username(), passwordHash, orEmpty(form.firstName()),
				orEmpty(form.lastName()), role, photo);
		return this.users.insert(user).onErrorResume((ex) -> {
			// Another sign-up took the name since we looked, or the database went away: keep no
			// photo for a user that does not exist.
			Mono<Void> cleanup = (photo != null) ? this.photos.delete(photo).onErrorResume((ignored) -> Mono.empty())
					: Mono.empty();
			return cleanup.then(Mono.error((ex instanceof DuplicateKeyException) ? usernameTaken() : ex));
		});
	}

	private Mono<String> hash(String password) {
		// Hashing is deliberately slow: keep it off the event loop.
		return Mono.fromCallable(() -> this.passwords.encode(password)).subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<Optional<String>> storePhoto(SignUpForm.@Nullable Photo photo, @Nullable ImageType type) {
		if (photo == null || type == null) {
			return Mono.just(Optional.empty());
		}
		return this.photos.store(photo.content(), type).map(Optional::of);
	}

	private static V1Exception usernameTaken() {
		return V1Exception.fieldErrors(Map.of("username", List.of("A user with that username already exists.")));
	}

	private static void check(Map<String, List<String>> errors, String field, @Nullable String value, boolean required) {
		if (value == null) {
			if (required) {
				add(errors, field, REQUIRED);
			}
			return;
		}
		if (required && value.isBlank()) {
			add(errors, field, "This field may not be blank.");
		}
		if (value.indexOf('\0') >= 0) {
			add(errors, field, NULL_CHARACTERS);
		}
		if (!UnicodeText.isWellFormed(value)) {
			add(errors, field, UNPAIRED_SURROGATES);
		}
		if (value.codePointCount(0, value.length()) > MAX_NAME_LENGTH) {
			add(errors, field, "Ensure this field has no more than " + MAX_NAME_LENGTH + " characters.");
		}
	}

	private static void checkPassword(Map<String, List<String>> errors, @Nullable String password1,
			@Nullable String password2) {
		if (password1 == null || password1.isEmpty()) {
			add(errors, "password1", (password1 == null) ? REQUIRED : "This field may not be blank.");
		}
		else {
			if (password1.codePointCount(0, password1.length()) < MIN_PASSWORD_LENGTH) {
				add(errors, "password1", "This password is too short. It must contain at least " + MIN_PASSWORD_LENGTH
						+ " characters.");
			}
			if (password1.chars().allMatch(Character::isDigit)) {
				add(errors, "password1", "This password is entirely numeric.");
			}
			if (password1.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
				add(errors, "password1", "This password is too long. It must contain at most " + MAX_PASSWORD_BYTES
						+ " bytes in UTF-8.");
			}
		}
		if (password2 == null || password2.isEmpty()) {
			add(errors, "password2", (password2 == null) ? REQUIRED : "This field may not be blank.");
		}
		else if (password1 != null && !password1.equals(password2)) {
			add(errors, "non_field_errors", "Passwords must match.");
		}
	}

	private static Optional<Role> checkGroup(Map<String, List<String>> errors, @Nullable String group) {
		if (group == null) {
			add(errors, "group", REQUIRED);
			return Optional.empty();
		}
		Optional<Role> role = Role.fromGroupName(group);
		if (role.isEmpty()) {
			add(errors, "group", "\"" + group + "\" is not a valid choice: use rider or driver.");
		}
		return role;
	}

	private @Nullable ImageType checkPhoto(Map<String, List<String>> errors, SignUpForm.@Nullable Photo photo) {
		if (photo == null) {
			return null;
		}
		if (photo.content().length > this.media.maxPhotoSize().toBytes()) {
			add(errors, "photo", "The photo is too large: at most " + this.media.maxPhotoSize().toMegabytes() + " MB.");
			return null;
		}
		Optional<ImageType> type = ImageType.of(photo.content());
		if (type.isEmpty()) {
			add(errors, "photo", "Upload a valid image. The file you uploaded was either not an image or a corrupted "
					+ "image (PNG, JPEG, GIF or WebP).");
		}
		return type.orElse(null);
	}

	private static void add(Map<String, List<String>> errors, String field, String message) {
		errors.computeIfAbsent(field, (name) -> new ArrayList<>()).add(message);
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

}
