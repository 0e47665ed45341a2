package dev.taxi.location;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live driver location, under {@code taxi.location}.
 * @param maxPerSecond updates one driver may send per second; further ones are dropped silently
 * (the next one supersedes them)
 * @param activeTripsTtl how long an instance relays a driver's positions to the trips it found
 * active before it reads them again; a change made on this instance is seen at once, one made on
 * another instance within this time
 * @param lastPositionTtl how long a driver's last position is kept for riders who connect later
 */
@ConfigurationProperties("taxi.location")
public record LocationProperties(@DefaultValue("5") int maxPerSecond, @DefaultValue("3s") Duration activeTripsTtl,
		@DefaultValue("10m") Duration lastPositionTtl) {
}
