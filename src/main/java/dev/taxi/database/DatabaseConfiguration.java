package dev.taxi.database;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.r2dbc.ConnectionFactoryDecorator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The database's availability: deferred migration, readiness, the gate, live connections, 503s. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	SchemaMigration schemaMigration(DatabaseProperties properties, ObjectProvider<FlywayProperties> flyway) {
		FlywayProperties settings = flyway.getIfAvailable();
		return new SchemaMigration(properties, (settings != null) ? settings.getUrl() : null);
	}

	/** In readiness (see {@code management.endpoint.health.group.readiness.include}). */
	@Bean
	SchemaHealthIndicator schemaHealthIndicator(SchemaMigration migration) {
		return new SchemaHealthIndicator(migration);
	}

	@Bean
	ConnectionFactoryDecorator schemaGate(SchemaMigration migration) {
		return (connectionFactory) -> new SchemaGate(connectionFactory, migration);
	}

	@Bean
	static BeanPostProcessor liveConnections() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof ConnectionPool pool) ? new LiveConnections(pool) : bean;
			}

		};
	}

	@Bean
	RefusedRequests refusedRequests(MeterRegistry meters) {
		return new RefusedRequests(meters);
	}

	@Bean
	UnavailableDatabaseHandler unavailableDatabaseHandler(JsonMapper mapper, SchemaMigration migration,
			RefusedRequests refused, DatabaseProperties properties) {
		return new UnavailableDatabaseHandler(mapper, migration, refused, properties);
	}

	@Bean
	DatabaseRefusals databaseRefusals(SchemaMigration migration, RefusedRequests refused) {
		return new DatabaseRefusals(migration, refused);
	}

}
