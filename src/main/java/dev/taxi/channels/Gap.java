package dev.taxi.channels;

import java.time.Instant;

/**
 * A stretch of time in which this instance's members may have missed messages sent on other
 * instances, reported once they hear the others again: Redis was away, or another instance could
 * not publish. What was stored meanwhile is the truth to resynchronise them from.
 * @param since messages sent from then on may be missing, by any instance's clock; it lies some
 * seconds before the gap was noticed, so as to take in what was in flight, what was stored shortly
 * before it was sent, and clocks that differ a little between instances
 */
public record Gap(Instant since) {
}
