package dev.taxi.auth;

import java.util.Arrays;
import java.util.Optional;

/** The two kinds of user; the protocol calls a user's role its {@code group}. */
public enum Role {

	RIDER("rider"), DRIVER("driver");

	private final String groupName;

	Role(String groupName) {
		this.groupName = groupName;
	}

	/** The name on the wire and in the database: {@code rider} or {@code driver}. */
	public String groupName() {
		return this.groupName;
	}

	public static Optional<Role> fromGroupName(String name) {
		return Arrays.stream(values()).filter((role) -> role.groupName.equals(name)).findFirst();
	}

}
