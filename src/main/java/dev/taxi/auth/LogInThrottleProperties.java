package dev.taxi.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Failed log-ins, under {@code taxi.login-throttle}, counted per username and per client address.
 * @param maxFailures failed log-ins one username, or one address, may have in a window; the next
 * attempt is refused with 429 until the window ends
 * @param window how long a count lasts, from its first failure
 * @param slowAfter failures answered at once; each later one is answered after a delay
 * @param delay the first delay, doubled for each further failure
 * @param maxDelay the longest delay
 */
@ConfigurationProperties("taxi.login-throttle")
public record LogInThrottleProperties(@DefaultValue("10") int maxFailures, @DefaultValue("5m") Duration window,
		@DefaultValue("3") int slowAfter, @DefaultValue("500ms") Duration delay, @DefaultValue("4s") Duration maxDelay) {
}
