package dev.taxi.chat;

import java.time.Instant;
import java.util.UUID;

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
