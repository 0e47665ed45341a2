package dev.taxi.auth;

import org.jspecify.annotations.Nullable;

/**
 * A signed-up user, as the rest of the server sees it (never with its password).
 * @param photo the stored photo's name under the media directory, e.g. {@code photos/ab12.png}
 */
public record User(long id, String username, String firstName, String lastName, Role role, @Nullable String photo,
		boolean active) {

	public boolean isDriver() {
		return this.role == Role.DRIVER;
	}

	public boolean isRider() {
		return this.role == Role.RIDER;
	}

}
