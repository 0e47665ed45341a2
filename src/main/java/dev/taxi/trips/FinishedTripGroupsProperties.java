package dev.taxi.trips;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Leaving the groups of finished trips, under {@code taxi.trips.finished-groups}.
 * @param sweep how often each instance looks for groups of finished trips its sockets are still in
 * @param settle how long a trip must have been finished before its group is left, so that its last
 * events, which may still be on their way from another instance, arrive first; with the Redis
 * layer at least {@code taxi.channels.redis-outage-grace} plus 30 s, so that members who missed
 * those events during a Redis outage are resynchronised while still in the group
 */
@ConfigurationProperties("taxi.trips.finished-groups")
public record FinishedTripGroupsProperties(@DefaultValue("30s") Duration sweep, @DefaultValue("10s") Duration settle) {
}
