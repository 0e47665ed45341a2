package dev.taxi.location;

import org.jspecify.annotations.NullMarked;

