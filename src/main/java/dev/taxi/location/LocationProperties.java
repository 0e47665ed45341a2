package dev.taxi.location;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live driver location, under {@code taxi.location}.
 * @param maxPerSecond updates one driver may send per second; further ones are dropped silently
 * (the next one supersedes them)
 * @param activeTripsTtl how long an instance keeps the trips it read as a driver's trips on their
 * way; every change of them, on any instance, drops them at once, so this only bounds how long a
 * change could go unseen if its notice were lost (Redis down when it was published)
 * @param lastPositionTtl how long a driver's last position is kept for riders who connect later
 */
@ConfigurationProperties("taxi.location")
public record LocationProperties(@DefaultValue("5") int maxPerSecond, @DefaultValue("60s") Duration activeTripsTtl,
		@DefaultValue("10m") Duration lastPositionTtl) {
}
