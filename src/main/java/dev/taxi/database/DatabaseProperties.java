package dev.taxi.database;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The database's availability, under {@code taxi.database}.
 * @param migrationRetryDelay how long an instance that started while the database did not answer
 * waits before it tries to migrate the schema again; doubled after each failure
 * @param migrationRetryMaxDelay the longest wait between two attempts
 * @param retryAfter what the {@code Retry-After} header of a 503 tells a client to wait
 */
@ConfigurationProperties("taxi.database")
public record DatabaseProperties(@DefaultValue("1s") Duration migrationRetryDelay,
		@DefaultValue("10s") Duration migrationRetryMaxDelay, @DefaultValue("5s") Duration retryAfter) {

}
