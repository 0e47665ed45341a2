package dev.taxi.database;

import dev.taxi.web.Problems;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers any HTTP request that failed because the database does not answer with {@code 503}
 * problem details and {@code Retry-After}, whichever endpoint it was for, and whether it failed in
 * a controller or in the security filters (which load the token's user): a client should wait and
 * try again, not report a server error. The reference's endpoints get the same body, whose
 * {@code detail} is what their clients read from errors.
 */
final class UnavailableDatabaseHandler implements WebExceptionHandler, Ordered {

	private final JsonMapper mapper;

	private final SchemaMigration migration;

	private final RefusedRequests refused;

	private final String retryAfterSeconds;

	UnavailableDatabaseHandler(JsonMapper mapper, SchemaMigration migration, RefusedRequests refused,
			DatabaseProperties properties) {
		this.mapper = mapper;
		this.migration = migration;
		this.refused = refused;
		this.retryAfterSeconds = String.valueOf(Math.max(1, properties.retryAfter().toSeconds()));
	}

	@Override
	public int getOrder() {
		// Before Boot's error handler (-1), which would answer 500.
		return -2;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (!DatabaseFailures.isUnavailable(ex) || exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		this.refused.refused("http", exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath(), ex);
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds);
		return Problems.write(exchange, this.mapper, HttpStatus.SERVICE_UNAVAILABLE, detail(this.migration));
	}

	static String detail(SchemaMigration migration) {
		return migration.isMigrated() ? "The database does not answer at the moment: nothing was changed; try again shortly"
				: "The server is starting and its database is not ready yet: nothing was changed; try again shortly";
	}

}
