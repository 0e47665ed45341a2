/**
 * Redis connections shared by the features that keep state in Redis with the {@code redis}
 * profile (last positions, log-in throttling, sockets per user).
 */
@NullMarked
package dev.taxi.redis;

import org.jspecify.annotations.NullMarked;
