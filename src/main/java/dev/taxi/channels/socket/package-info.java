package dev.taxi.channels.socket;

import org.jspecify.annotations.NullMarked;

