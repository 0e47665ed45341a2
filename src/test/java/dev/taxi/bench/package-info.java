/** Benchmarks: run by hand for figures; each has a short smoke run in the test suite so it keeps working. */
@NullMarked
package dev.taxi.bench;

import org.jspecify.annotations.NullMarked;
