package dev.taxi.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taxi.web.Problems;
import dev.taxi.web.UnicodeText;
import dev.taxi.web.V1Exception;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/** Sign up, log in and token refresh, with the reference server's paths, bodies and errors. */
@RestController
class AuthController {

	private static final String NO_ACCOUNT = "No active account found with the given credentials";

	private final SignUpService signUps;

	private final UserRepository users;

	private final PasswordEncoder passwords;

	private final TokenService tokens;

	private final JsonMapper mapper;

	private final MediaProperties media;

	private final RevokedTokens revoked;

	private final LogInThrottle throttle;

	/** Compared against when a username is unknown, so a login takes as long either way. */
	private final String unknownUserHash;

	AuthController(SignUpService signUps, UserRepository users, PasswordEncoder passwords, TokenService tokens,
			JsonMapper mapper, MediaProperties media, RevokedTokens revoked, LogInThrottle throttle) {
		this.signUps = signUps;
		this.users = users;
		this.passwords = passwords;
		this.tokens = tokens;
		this.mapper = mapper;
		this.media = media;
		this.revoked = revoked;
		this.throttle = throttle;
		this.unknownUserHash = passwords.encode("no such user, no such password");
	}

	@PostMapping({ "/api/sign_up", "/api/sign_up/" })
	@ResponseStatus(HttpStatus.CREATED)
	Mono<UserView> signUp(ServerWebExchange exchange) {
		return RequestForm.read(exchange, this.mapper)
			.onErrorMap(DataBufferLimitException.class, (ex) -> photoTooLarge())
			.flatMap((form) -> readPhoto(form.file("photo")).map((photo) -> new SignUpForm(form.field("username"),
					form.field("first_name"), form.field("last_name"), form.field("password1"), form.field("password2"),
					form.field("group"), photo.orElse(null))))
			.flatMap(this.signUps::signUp)
			.map((user) -> UserView.of(user, PhotoLink.absolute(exchange.getRequest().getURI())));
	}

	private Mono<java.util.Optional<SignUpForm.Photo>> readPhoto(@Nullable FilePart part) {
		if (part == null || part.filename().isEmpty()) {
			// Browsers send an empty file part when no file was chosen.
			return Mono.just(java.util.Optional.empty());
		}
		int limit = (int) this.media.maxPhotoSize().toBytes();
		return DataBufferUtils.join(part.content(), limit).map((buffer) -> {
			byte[] content = new byte[buffer.readableByteCount()];
			buffer.read(content);
			DataBufferUtils.release(buffer);
			return java.util.Optional.of(new SignUpForm.Photo(content));
		})
			.onErrorMap(DataBufferLimitException.class, (ex) -> photoTooLarge())
			.defaultIfEmpty(java.util.Optional.empty());
	}

	private V1Exception photoTooLarge() {
		DataSize max = this.media.maxPhotoSize();
		return V1Exception.fieldErrors(Map.of("photo", List.of("The photo is too large: at most " + max.toMegabytes() + " MB.")));
	}

	@PostMapping({ "/api/log_in", "/api/log_in/" })
	Mono<TokenService.TokenPair> logIn(ServerWebExchange exchange) {
		return readForm(exchange).flatMap((form) -> {
			String username = form.field("username");
			String password = form.field("password");
			if (username == null || password == null) {
				Map<String, List<String>> errors = new LinkedHashMap<>();
				if (username == null) {
					errors.putAll(required("username"));
				}
				if (password == null) {
					errors.putAll(required("password"));
				}
				return Mono.error(V1Exception.fieldErrors(errors));
			}
			if (username.indexOf('\0') >= 0) {
				return Mono.error(V1Exception.fieldErrors(Map.of("username", List.of(SignUpService.NULL_CHARACTERS))));
			}
			if (!UnicodeText.isWellFormed(username)) {
				return Mono.error(V1Exception.fieldErrors(Map.of("username", List.of(SignUpService.UNPAIRED_SURROGATES))));
			}
			return this.throttle.attempt(username, exchange.getRequest().getRemoteAddress(), activeUser(username, password))
				.switchIfEmpty(Mono.error(() -> V1Exception.unauthorized(NO_ACCOUNT)))
				.map(this.tokens::issuePair);
		});
	}

	/** The active user with these credentials; empty if there is none. */
	private Mono<User> activeUser(String username, String password) {
		return this.users.findCredentials(username)
			.defaultIfEmpty(new UserRepository.Credentials(null, null))
			.flatMap((credentials) -> matches(password, credentials).filter(Boolean::booleanValue)
				.flatMap((matches) -> Mono.justOrEmpty(credentials.user())))
			.filter(User::active);
	}

	private Mono<Boolean> matches(String password, UserRepository.Credentials credentials) {
		String hash = (credentials.passwordHash() != null) ? credentials.passwordHash() : this.unknownUserHash;
		return Mono.fromCallable(() -> this.passwords.matches(password, hash) && credentials.user() != null)
			.subscribeOn(Schedulers.boundedElastic());
	}

	@PostMapping({ "/api/token/refresh", "/api/token/refresh/" })
	Mono<Map<String, String>> refresh(ServerWebExchange exchange) {
		return readForm(exchange).flatMap((form) -> {
			String refresh = form.field("refresh");
			if (refresh == null) {
				return Mono.error(V1Exception.fieldErrors(required("refresh")));
			}
			return Mono.fromCallable(() -> this.tokens.verify(refresh, TokenType.REFRESH))
				.onErrorMap(InvalidTokenException.class, (ex) -> V1Exception.invalidToken("Token is invalid or expired"))
				.filterWhen((token) -> this.revoked.isRevoked(token.id()).map((revoked) -> !revoked))
				.switchIfEmpty(Mono.error(() -> V1Exception.invalidToken("Token is blacklisted")))
				.flatMap((token) -> this.users.findById(token.userId()))
				.filter(User::active)
				.switchIfEmpty(Mono.error(() -> V1Exception.invalidToken("Token is invalid or expired")))
				.map((user) -> Map.of("access", this.tokens.issueAccess(user)));
		});
	}

	/** The user the access token belongs to. */
	@GetMapping({ "/api/me", "/api/me/" })
	UserView me(@AuthenticationPrincipal User user, ServerWebExchange exchange) {
		return UserView.of(user, PhotoLink.absolute(exchange.getRequest().getURI()));
	}

	/**
	 * Revokes one of the caller's refresh tokens, for every instance and across restarts; the
	 * caller's other refresh tokens keep working.
	 */
	@PostMapping({ "/api/log_out", "/api/log_out/" })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> logOut(@AuthenticationPrincipal User user, ServerWebExchange exchange) {
		return RequestForm.read(exchange, this.mapper)
			.onErrorMap((ex) -> !(ex instanceof ErrorResponseException),
					(ex) -> Problems.of(HttpStatus.BAD_REQUEST, "The body must be JSON or a form with 'refresh'"))
			.flatMap((form) -> {
				String refresh = form.field("refresh");
				if (refresh == null || refresh.isBlank()) {
					return Mono.error(Problems.of(HttpStatus.BAD_REQUEST, "'refresh' is required: the refresh token to revoke"));
				}
				TokenService.VerifiedToken token;
				try {
					token = this.tokens.verify(refresh, TokenType.REFRESH);
				}
				catch (InvalidTokenException ex) {
					return Mono.error(Problems.of(HttpStatus.UNAUTHORIZED, "Not a valid refresh token: " + ex.getMessage()));
				}
				if (token.userId() != user.id()) {
					return Mono.error(Problems.of(HttpStatus.UNAUTHORIZED, "The refresh token is not yours"));
				}
				return this.revoked.revoke(token.id(), token.expiresAt());
			});
	}

	/** A form without files: any part over its size limit makes the body too large. */
	private Mono<RequestForm> readForm(ServerWebExchange exchange) {
		return RequestForm.read(exchange, this.mapper)
			.onErrorMap(DataBufferLimitException.class, (ex) -> RequestForm.tooLarge());
	}

	private static Map<String, List<String>> required(String field) {
		return Map.of(field, List.of(SignUpService.REQUIRED));
	}

}
