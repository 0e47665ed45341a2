/**
 * Property-based fuzzing of a live server: seeded random and mutated WebSocket frames (v1 and v2)
 * and sign-up and log-in bodies, checked for what must always hold, whatever arrives.
 */
@NullMarked
package dev.taxi.fuzz;

import org.jspecify.annotations.NullMarked;
