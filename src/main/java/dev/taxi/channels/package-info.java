@NullMarked
package dev.taxi.channels;

import org.jspecify.annotations.NullMarked;
