package dev.taxi.database;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Migrates the schema with Flyway at start-up, as Boot would, unless the database does not answer:
 * then the instance starts anyway and keeps trying on a thread of its own, with a growing delay,
 * until the migration is done. Meanwhile readiness is DOWN (see {@link SchemaHealthIndicator}) and
 * no request reaches the database (see {@link SchemaGate}). Any other failure of the first attempt
 * (a broken migration, a wrong password) still fails start-up: waiting would not mend it.
 */
final class SchemaMigration implements FlywayMigrationStrategy, SmartInitializingSingleton, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(SchemaMigration.class);

	private final DatabaseProperties properties;

	private final String where;

	private volatile boolean migrated;

	private volatile boolean asked;

	private volatile @Nullable String lastFailure;

	private volatile @Nullable ScheduledExecutorService thread;

	private volatile @Nullable Disposable retries;

	/** @param url the database's JDBC URL, for the log; {@code null} if Flyway uses the application's */
	SchemaMigration(DatabaseProperties properties, @Nullable String url) {
		this.properties = properties;
		// Parameters may carry credentials: the log names the server and database only.
		this.where = (url != null) ? url.replaceFirst("\\?.*", "") : "the application's database";
	}

	boolean isMigrated() {
		return this.migrated;
	}

	/** Why the schema is not migrated yet, while it is not. */
	@Nullable String lastFailure() {
		return this.lastFailure;
	}

	@Override
	public void migrate(Flyway flyway) {
		this.asked = true;
		try {
			flyway.migrate();
			this.migrated = true;
		}
		catch (RuntimeException ex) {
			if (!DatabaseFailures.isUnavailable(ex)) {
				throw ex;
			}
			this.lastFailure = describe(ex);
			logger.warn("The database at {} does not answer ({}). Taxi starts without it: requests that need it are "
					+ "answered 503, and readiness stays DOWN until the schema is migrated. Trying again in {}, then "
					+ "at least every {}.", this.where, this.lastFailure,
					DurationStyle.SIMPLE.print(this.properties.migrationRetryDelay()),
					DurationStyle.SIMPLE.print(this.properties.migrationRetryMaxDelay()));
			retryInBackground(flyway);
		}
	}

	/** Flyway migrates at start-up, before this is called; without Flyway there is nothing to wait for. */
	@Override
	public void afterSingletonsInstantiated() {
		if (!this.asked) {
			this.migrated = true;
		}
	}

	private void retryInBackground(Flyway flyway) {
		// JDBC blocks: a thread of its own, never an event loop nor a shared pool.
		ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread migration = new Thread(task, "taxi-schema-migration");
			migration.setDaemon(true);
			return migration;
		});
		this.thread = thread;
		Scheduler scheduler = Schedulers.fromExecutorService(thread, "taxi-schema-migration");
		AtomicInteger attempts = new AtomicInteger(1);
		this.retries = Mono.fromCallable(flyway::migrate)
			.subscribeOn(scheduler)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, this.properties.migrationRetryDelay())
				.maxBackoff(this.properties.migrationRetryMaxDelay())
				.scheduler(scheduler)
				.doBeforeRetry((signal) -> failed(signal.failure(), attempts.incrementAndGet())))
			.subscribe((result) -> migrated(result, attempts.get()),
					(ex) -> logger.error("Gave up migrating the schema of the database at {}", this.where, ex));
	}

	private void failed(Throwable failure, int attempt) {
		this.lastFailure = describe(failure);
		if (DatabaseFailures.isUnavailable(failure)) {
			logger.warn("The database at {} still does not answer ({}); attempt {} comes next", this.where,
					this.lastFailure, attempt);
		}
		else {
			logger.error("Migrating the schema of the database at {} failed; attempt {} comes next", this.where, attempt,
					failure);
		}
	}

	private void migrated(MigrateResult result, int attempts) {
		this.migrated = true;
		this.lastFailure = null;
		logger.info("The database at {} answers: schema migrated to version {} ({} migration(s) applied) after {} "
				+ "attempts; serving requests", this.where, result.targetSchemaVersion, result.migrationsExecuted, attempts);
		ScheduledExecutorService thread = this.thread;
		if (thread != null) {
			thread.shutdown();
		}
	}

	/** The innermost message, which names what failed (refused connection, unknown host, starting up). */
	private static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		return message.lines().findFirst().orElse(message);
	}

	@Override
	public void destroy() {
		Disposable retries = this.retries;
		if (retries != null) {
			retries.dispose();
		}
		ScheduledExecutorService thread = this.thread;
		if (thread != null) {
			thread.shutdownNow();
		}
	}

}
