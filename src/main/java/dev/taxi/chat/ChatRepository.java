package dev.taxi.chat;

import java.time.Instant;
import java.util.UUID;

import dev.taxi.auth.User;
import dev.taxi.auth.UserRows;
import io.r2dbc.spi.Readable;
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
