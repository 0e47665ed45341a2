package dev.taxi.chat;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import dev.taxi.auth.User;
import dev.taxi.auth.UserRows;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Chat messages in the {@code chat_messages} table, through R2DBC. */
@Repository
class ChatRepository {

	private final DatabaseClient db;

	ChatRepository(DatabaseClient db) {
		this.db = db;
	}

	/** A trip's messages after one id, oldest first, with their senders, in one query. */
	Flux<ChatMessage> findByTrip(UUID tripId, long afterId, int limit) {
		return this.db
			.sql("SELECT m.id, m.trip_id, m.text, m.created, " + UserRows.columns("u", "u_") + " FROM chat_messages m "
					+ "JOIN users u ON u.id = m.sender_id WHERE m.trip_id = :trip AND m.id > :after ORDER BY m.id LIMIT :limit")
			.bind("trip", tripId)
			.bind("after", afterId)
			.bind("limit", limit)
			.map(ChatRepository::read)
			.all();
	}

	/**
	 * Locks these trips until the transaction ends, in id order: a message for one of them is
	 * stored (its row refers to the trip, which takes a lock that conflicts) only afterwards.
	 */
	Mono<Void> lockTrips(Collection<UUID> tripIds) {
		return this.db.sql("SELECT id FROM trips WHERE id IN (:trips) ORDER BY id FOR UPDATE")
			.bind("trips", tripIds)
			.map((row) -> row.get("id", UUID.class))
			.all()
			.then();
	}

	/** These trips' messages stored since an instant, oldest first, each with whom it is for. */
	Flux<Addressed> findSince(Collection<UUID> tripIds, Instant since) {
		return this.db
			.sql("SELECT m.id, m.trip_id, m.text, m.created, " + UserRows.columns("u", "u_")
					+ ", r.username AS rider_name, d.username AS driver_name FROM chat_messages m "
					+ "JOIN users u ON u.id = m.sender_id JOIN trips t ON t.id = m.trip_id "
					+ "JOIN users r ON r.id = t.rider_id LEFT JOIN users d ON d.id = t.driver_id "
					+ "WHERE m.trip_id IN (:trips) AND m.created >= :since ORDER BY m.id")
			.bind("trips", tripIds)
			.bind("since", since)
			.map((row) -> new Addressed(read(row), participants(row.get("rider_name", String.class),
					row.get("driver_name", String.class))))
			.all();
	}

	private static List<String> participants(String rider, @Nullable String driver) {
		return (driver != null) ? List.of(rider, driver) : List.of(rider);
	}

	/** A message and the principals it is for: its trip's rider and driver. */
	record Addressed(ChatMessage message, List<String> audience) {
	}

	private static ChatMessage read(Readable row) {
		User sender = UserRows.read(row, "u_");
		if (sender == null) {
			throw new IllegalStateException("Chat message without sender");
		}
		return new ChatMessage(row.get("id", Long.class), row.get("trip_id", UUID.class), sender,
				row.get("text", String.class), row.get("created", java.time.OffsetDateTime.class).toInstant());
	}

	/** Stores a message and returns its id. */
	Mono<Long> insert(UUID tripId, long senderId, String text, Instant created) {
		return this.db
			.sql("INSERT INTO chat_messages (trip_id, sender_id, text, created) VALUES (:trip, :sender, :text, :created)")
			.bind("trip", tripId)
			.bind("sender", senderId)
			.bind("text", text)
			.bind("created", created)
			.filter((statement) -> statement.returnGeneratedValues("id"))
			.map((row) -> row.get("id", Long.class))
			.one();
	}

}
