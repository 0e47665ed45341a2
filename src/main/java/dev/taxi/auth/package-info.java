@NullMarked
package dev.taxi.auth;

import org.jspecify.annotations.NullMarked;
