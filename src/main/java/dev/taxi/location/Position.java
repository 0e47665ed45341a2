package dev.taxi.location;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** Where a driver was, and when the server heard of it. */
public record Position(double lat, double lng, @Nullable Double heading, @Nullable Double speed, Instant at) {
}
