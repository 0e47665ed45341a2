package dev.taxi.auth;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;

/**
 * Verifies an access token and loads its user, who must still exist and be active: a token
 * outlives neither a deleted nor a deactivated account.
 */
final class TokenAuthenticationManager implements ReactiveAuthenticationManager {

	private final TokenService tokens;

	private final UserRepository users;

	TokenAuthenticationManager(TokenService tokens, UserRepository users) {
		this.tokens = tokens;
		this.users = users;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		return Mono.fromCallable(() -> this.tokens.verify((String) authentication.getCredentials(), TokenType.ACCESS))
			.onErrorMap(InvalidTokenException.class, (ex) -> new BadCredentialsException(ex.getMessage(), ex))
			.flatMap((token) -> this.users.findById(token.userId())
				.filter(User::active)
				.map((user) -> new UserAuthentication(user, token.expiresAt())))
			.switchIfEmpty(Mono.error(() -> new BadCredentialsException("User not found or inactive")))
			.cast(Authentication.class);
	}

}
