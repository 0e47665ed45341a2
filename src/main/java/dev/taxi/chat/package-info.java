package dev.taxi.chat;

import org.jspecify.annotations.NullMarked;

