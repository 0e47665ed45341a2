@NullMarked
package dev.taxi.trips;

import org.jspecify.annotations.NullMarked;
