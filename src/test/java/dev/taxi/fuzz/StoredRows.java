package dev.taxi.fuzz;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * The rows fuzzing could touch, read straight from PostgreSQL: the fuzzing users, their trips
 * (as rider or driver), those trips' chat messages, and users by name.
 */
final class StoredRows {

	private final String url;

	private final String user;

	private final String password;

	StoredRows(Environment environment) {
		this.url = environment.getRequiredProperty("spring.flyway.url");
		this.user = environment.getRequiredProperty("spring.flyway.user");
		this.password = environment.getProperty("spring.flyway.password", "");
	}

	record TripRow(String id, String status, @Nullable Long driverId, String pickUp, String dropOff,
			OffsetDateTime updated) {
	}

	record Snapshot(Map<Long, String> users, Map<String, TripRow> trips, Set<Long> chatMessages) {
	}

	Snapshot snapshot(List<Long> userIds) {
		String ids = userIds.stream().map(String::valueOf).collect(Collectors.joining(","));
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			Map<Long, String> users = new HashMap<>();
			try (ResultSet rows = statement.executeQuery("SELECT * FROM users WHERE id IN (" + ids + ")")) {
				while (rows.next()) {
					StringBuilder row = new StringBuilder();
					for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
						row.append(rows.getMetaData().getColumnName(column)).append('=').append(rows.getString(column)).append(' ');
					}
					users.put(rows.getLong("id"), row.toString());
				}
			}
			String trips = "SELECT id FROM trips WHERE rider_id IN (" + ids + ") OR driver_id IN (" + ids + ")";
			Map<String, TripRow> tripRows = new HashMap<>();
			try (ResultSet rows = statement.executeQuery("SELECT id, status, driver_id, pick_up_address, drop_off_address, "
					+ "updated FROM trips WHERE id IN (" + trips + ")")) {
				while (rows.next()) {
					TripRow row = new TripRow(rows.getString("id"), rows.getString("status"), rows.getObject("driver_id", Long.class),
							rows.getString("pick_up_address"), rows.getString("drop_off_address"),
							rows.getObject("updated", OffsetDateTime.class));
					tripRows.put(row.id(), row);
				}
			}
			Set<Long> chat = new HashSet<>();
			try (ResultSet rows = statement.executeQuery("SELECT id FROM chat_messages WHERE trip_id IN (" + trips + ")")) {
				while (rows.next()) {
					chat.add(rows.getLong("id"));
				}
			}
			return new Snapshot(users, tripRows, chat);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the fuzzing users' rows", ex);
		}
	}

	/**
	 * Which of these usernames exist, each {@link #asStored as stored}; names with NUL, which
	 * PostgreSQL cannot hold, are left out.
	 */
	Set<String> existingUsernames(Set<String> usernames) {
		Set<String> existing = new HashSet<>();
		try (Connection connection = connect();
				var query = connection.prepareStatement("SELECT username FROM users WHERE username = ANY (?)")) {
			query.setArray(1, connection.createArrayOf("varchar", usernames.stream()
				.filter((name) -> name.indexOf('\0') < 0)
				.map(StoredRows::asStored)
				.distinct()
				.toArray()));
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					existing.add(rows.getString(1));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not look the generated usernames up", ex);
		}
		return existing;
	}

	/** A text as UTF-8 can carry it: a lone surrogate becomes {@code ?}, as every encoder on the way writes it. */
	static String asStored(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				out.append(c).append(text.charAt(++i));
			}
			else {
				out.append(Character.isSurrogate(c) ? '?' : c);
			}
		}
		return out.toString();
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.url, this.user, this.password);
	}

}
