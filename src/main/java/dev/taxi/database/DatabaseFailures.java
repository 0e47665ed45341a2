package dev.taxi.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.jspecify.annotations.Nullable;

/**
 * Tells a database that does not answer (down, restarting, unreachable, out of connections) from
 * everything else that can go wrong with a statement. The first is nobody's fault and passes; the
 * second is a bug or bad data, and stays an error. Spring keeps the driver's exception as the
 * cause of its own, so the drivers' types are what is looked for; other services' failures
 * (Redis) are not the database's.
 */
public final class DatabaseFailures {

	/** What r2dbc-pool says of a pooled connection that is no longer open. */
	private static final String VALIDATION_FAILED = "Connection validation failed";

	private DatabaseFailures() {
	}

	/** Whether the failure, or one of its causes, says the database could not be reached. */
	public static boolean isUnavailable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof R2dbcNonTransientResourceException || cause instanceof R2dbcTransientResourceException
					|| cause instanceof R2dbcTimeoutException || cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException) {
				return true;
			}
			if (cause instanceof R2dbcException r2dbc && isConnectionState(r2dbc.getSqlState())) {
				return true;
			}
			if (cause instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * SQL states of a lost or refused connection: class 08 (connection exception) and PostgreSQL's
	 * 57P01 to 57P03 (shutting down, crashed, starting up).
	 */
	private static boolean isConnectionState(@Nullable String state) {
		return state != null && (state.startsWith("08") || state.startsWith("57P0"));
	}

	/** Whether the pool refused a connection it held because it is closed, not because it could not make one. */
	static boolean isClosedPooledConnection(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof R2dbcNonTransientResourceException && VALIDATION_FAILED.equals(cause.getMessage())) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable Throwable next(Throwable cause) {
		Throwable next = cause.getCause();
		return (next != cause) ? next : null;
	}

}
