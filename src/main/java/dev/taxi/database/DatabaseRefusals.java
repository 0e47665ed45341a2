package dev.taxi.database;

import dev.taxi.channels.socket.FailureRefusals;
import dev.taxi.channels.socket.Refusal;
import dev.taxi.channels.socket.RefusalCode;
import org.jspecify.annotations.Nullable;

/**
 * A WebSocket message whose handler failed because the database does not answer is refused, not a
 * bug: v2 hears an {@code error}, v1 nothing (there is no trip state to show), and the connection
 * stays open for when the database is back.
 */
final class DatabaseRefusals implements FailureRefusals {

	private final SchemaMigration migration;

	private final RefusedRequests refused;

	DatabaseRefusals(SchemaMigration migration, RefusedRequests refused) {
		this.migration = migration;
		this.refused = refused;
	}

	@Override
	public @Nullable Refusal refusalFor(Throwable failure) {
		if (!DatabaseFailures.isUnavailable(failure)) {
			return null;
		}
		this.refused.refused("socket", "a WebSocket message", failure);
		return new Refusal(RefusalCode.UNAVAILABLE, UnavailableDatabaseHandler.detail(this.migration));
	}

}
