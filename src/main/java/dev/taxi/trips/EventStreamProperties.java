package dev.taxi.trips;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A trip's Server-Sent Events stream, under {@code taxi.events}.
 * @param heartbeat how often an idle stream sends a comment line, so that proxies keep it open
 * @param queue events waiting for a slow reader before its stream is cut off
 */
@ConfigurationProperties("taxi.events")
public record EventStreamProperties(@DefaultValue("15s") Duration heartbeat, @DefaultValue("256") int queue) {
}
