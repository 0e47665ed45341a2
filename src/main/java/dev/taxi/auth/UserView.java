package dev.taxi.auth;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A user as the protocol shows it: never its password. */
@Schema(name = "User")
public record UserView(long id, String username, String firstName, String lastName, String group,
		@Nullable String photo) {

	public static UserView of(User user, PhotoLink photos) {
		return new UserView(user.id(), user.username(), user.firstName(), user.lastName(), user.role().groupName(),
				photos.link(user.photo()));
	}

}
