package dev.taxi.channels.redis;

import org.jspecify.annotations.NullMarked;

