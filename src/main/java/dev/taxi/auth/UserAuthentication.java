package dev.taxi.auth;

import java.time.Instant;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated request or WebSocket: its principal is the {@link User}, loaded fresh from the
 * database, and it knows when the access token it was made from expires.
 */
public final class UserAuthentication extends AbstractAuthenticationToken {

	private final User user;

	private final Instant tokenExpiresAt;

	UserAuthentication(User user, Instant tokenExpiresAt) {
		super(List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())));
		this.user = user;
		this.tokenExpiresAt = tokenExpiresAt;
		setAuthenticated(true);
	}

	/** When the access token of this authentication expires. */
	Instant tokenExpiresAt() {
		return this.tokenExpiresAt;
	}

	@Override
	public User getPrincipal() {
		return this.user;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public String getName() {
		return this.user.username();
	}

	/** The user behind a principal this server authenticated. */
	public static User userOf(java.security.Principal principal) {
		return of(principal).user;
	}

	static UserAuthentication of(java.security.Principal principal) {
		if (principal instanceof UserAuthentication authentication) {
			return authentication;
		}
		throw new IllegalArgumentException("Not a Taxi user: " + principal);
	}

}
