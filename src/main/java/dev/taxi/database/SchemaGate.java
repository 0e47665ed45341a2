package dev.taxi.database;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Lets no statement reach the database before its schema is migrated: until then a connection
 * is refused as if the database did not answer, so that requests are answered 503 rather than
 * failing on tables that are not there yet.
 */
final class SchemaGate implements ConnectionFactory, Wrapped<ConnectionFactory> {

	private final ConnectionFactory delegate;

	private final SchemaMigration migration;

	SchemaGate(ConnectionFactory delegate, SchemaMigration migration) {
		this.delegate = delegate;
		this.migration = migration;
	}

	/** Decided on each subscription: the pool subscribes again to one publisher for every connection it makes. */
	@Override
	public Publisher<? extends Connection> create() {
		return Mono.defer(() -> this.migration.isMigrated() ? Mono.from(this.delegate.create()) : Mono.error(new NotMigrated()));
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.delegate.getMetadata();
	}

	@Override
	public ConnectionFactory unwrap() {
		return this.delegate;
	}

	/** A connection asked for before the schema is migrated. */
	static final class NotMigrated extends R2dbcNonTransientResourceException {

		NotMigrated() {
			super("The database's schema is not migrated yet");
		}

	}

}
