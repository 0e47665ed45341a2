/**
 * Gatling load tests: run by hand against a running server for figures; {@code ./mvnw verify} runs them
 * once, lightly, against a server the build starts, so they keep working.
 */
@NullMarked
package dev.taxi.load;

import org.jspecify.annotations.NullMarked;
