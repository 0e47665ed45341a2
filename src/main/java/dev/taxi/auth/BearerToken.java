package dev.taxi.auth;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A token a request carried, not yet verified. */
final class BearerToken extends AbstractAuthenticationToken {

	private final String token;

	BearerToken(String token) {
		super(List.of());
		this.token = token;
	}

	@Override
	public String getCredentials() {
		return this.token;
	}

	@Override
	public Object getPrincipal() {
		return this.token;
	}

}
