package dev.taxi.auth;

import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;

/** Reads users from SQL rows, also when they are joined into another table's query under a prefix. */
public final class UserRows {

	private UserRows() {
	}

	/** The select list of a user's columns from table alias {@code alias}, each named {@code prefix + column}. */
	public static String columns(String alias, String prefix) {
		return String.join(", ", column(alias, prefix, "id"), column(alias, prefix, "username"),
				column(alias, prefix, "first_name"), column(alias, prefix, "last_name"), column(alias, prefix, "role"),
				column(alias, prefix, "photo"), column(alias, prefix, "active"));
	}

	private static String column(String alias, String prefix, String name) {
		return alias + "." + name + " AS " + prefix + name;
	}

	/** The user in a row read with {@link #columns}, or {@code null} if the join found none. */
	public static @Nullable User read(Readable row, String prefix) {
		Long id = row.get(prefix + "id", Long.class);
		if (id == null) {
			return null;
		}
		String role = row.get(prefix + "role", String.class);
		Boolean active = row.get(prefix + "active", Boolean.class);
		return new User(id, text(row, prefix + "username"), text(row, prefix + "first_name"),
				text(row, prefix + "last_name"),
				Role.fromGroupName(String.valueOf(role)).orElseThrow(() -> new IllegalStateException("Unknown role " + role)),
				row.get(prefix + "photo", String.class), Boolean.TRUE.equals(active));
	}

	private static String text(Readable row, String column) {
		String value = row.get(column, String.class);
		return (value != null) ? value : "";
	}

}
