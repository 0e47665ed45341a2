package dev.taxi.database;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an instance refuses because the database does not answer, and says so: counted in
 * {@code taxi.database.unavailable} (by {@code via}: {@code http} or {@code socket}) and logged,
 * the first refusal at once, then at most one line every 10 s with how many followed (or at once
 * when the reason changes), so that an outage under load does not drown the log.
 */
final class RefusedRequests {

	private static final Logger logger = LoggerFactory.getLogger(RefusedRequests.class);

	private static final long QUIET_NANOS = 10_000_000_000L;

	private final MeterRegistry meters;

	private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - QUIET_NANOS);

	private final AtomicLong unlogged = new AtomicLong();

	private volatile String lastReason = "";

	RefusedRequests(MeterRegistry meters) {
		this.meters = meters;
	}

	void refused(String via, String what, Throwable failure) {
		this.meters.counter("taxi.database.unavailable", "via", via).increment();
		String reason = rootMessage(failure);
		long now = System.nanoTime();
		long last = this.lastLogged.get();
		boolean quiet = now - last < QUIET_NANOS && reason.equals(this.lastReason);
		if (quiet || !this.lastLogged.compareAndSet(last, now)) {
			this.unlogged.incrementAndGet();
			return;
		}
		this.lastReason = reason;
		long meanwhile = this.unlogged.getAndSet(0);
		logger.warn("The database does not answer: refused {} ({}){}", what, reason,
				(meanwhile > 0) ? "; " + meanwhile + " more refused since the last line" : "");
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

}
