package dev.taxi.auth;

import java.time.Instant;

import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Refresh tokens that logged out, in the {@code revoked_refresh_tokens} table: shared by every
 * instance, kept across restarts, and purged once they would have expired anyway.
 */
@Repository
class RevokedTokens {

	private final DatabaseClient db;

	RevokedTokens(DatabaseClient db) {
		this.db = db;
	}

	/** Revokes a token by its id; revoking it again is harmless. */
	Mono<Void> revoke(String jti, Instant expires) {
		return this.db.sql("INSERT INTO revoked_refresh_tokens (jti, expires) VALUES (:jti, :expires)")
			.bind("jti", jti)
			.bind("expires", expires)
			.then()
			.onErrorResume(DataIntegrityViolationException.class, (ex) -> Mono.empty());
	}

	Mono<Boolean> isRevoked(String jti) {
		return this.db.sql("SELECT count(*) AS n FROM revoked_refresh_tokens WHERE jti = :jti")
			.bind("jti", jti)
			.map((row) -> row.get("n", Long.class) > 0)
			.one();
	}

	/** Forgets the tokens that expired before a moment; returns how many. */
	Mono<Long> purgeExpiredBefore(Instant moment) {
		return this.db.sql("DELETE FROM revoked_refresh_tokens WHERE expires < :moment")
			.bind("moment", moment)
			.fetch()
			.rowsUpdated();
	}

}
