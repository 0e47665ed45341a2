@NullMarked
package dev.taxi;

import org.jspecify.annotations.NullMarked;
