package dev.taxi.database;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP once the schema is migrated, DOWN before: part of readiness, so that no load balancer sends
 * requests to an instance that could only answer them 503. Once migrated it stays UP, even while
 * the database is away later: every instance shares the database, so taking them all out of a
 * load balancer would only trade Taxi's clear 503s for the balancer's own errors.
 */
final class SchemaHealthIndicator implements HealthIndicator {

	private final SchemaMigration migration;

	SchemaHealthIndicator(SchemaMigration migration) {
		this.migration = migration;
	}

	@Override
	public Health health() {
		if (this.migration.isMigrated()) {
			return Health.up().build();
		}
		String failure = this.migration.lastFailure();
		return Health.down()
			.withDetail("reason", "waiting for the database to migrate the schema"
					+ ((failure != null) ? ": " + failure : ""))
			.build();
	}

}
