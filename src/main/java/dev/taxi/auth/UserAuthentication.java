package dev.taxi.auth;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated request or WebSocket: its principal is the {@link User}, loaded fresh from the database. */
public final class UserAuthentication extends AbstractAuthenticationToken {

	private final User user;

	UserAuthentication(User user) {
		super(List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())));
		this.user = user;
		setAuthenticated(true);
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
		if (principal instanceof UserAuthentication authentication) {
			return authentication.user;
		}
		throw new IllegalArgumentException("Not a Taxi user: " + principal);
	}

}
