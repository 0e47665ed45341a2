package dev.taxi.auth;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Forgets revoked refresh tokens once they have expired: at start-up, then every hour. */
@Component
class RevokedTokensPurge implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RevokedTokensPurge.class);

	private static final Duration EVERY = Duration.ofHours(1);

	private final RevokedTokens revoked;

	private final Clock clock;

	private volatile @Nullable Disposable schedule;

	RevokedTokensPurge(RevokedTokens revoked, Clock clock) {
		this.revoked = revoked;
		this.clock = clock;
	}

	@Override
	public void start() {
		this.schedule = Flux.interval(Duration.ZERO, EVERY)
			.concatMap((tick) -> this.revoked.purgeExpiredBefore(this.clock.instant())
				.doOnNext((purged) -> logger.debug("Purged {} expired revoked refresh token(s)", purged))
				.onErrorResume((ex) -> {
					logger.warn("Could not purge expired revoked refresh tokens; trying again in {}", EVERY, ex);
					return Mono.empty();
				}))
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable schedule = this.schedule;
		if (schedule != null) {
			schedule.dispose();
			this.schedule = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.schedule != null;
	}

}
