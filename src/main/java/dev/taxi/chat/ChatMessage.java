package dev.taxi.chat;

import java.time.Instant;
import java.util.UUID;

import dev.taxi.auth.User;

/** Something a trip's rider or driver said to the other, as stored. */
public record ChatMessage(long id, UUID tripId, User sender, String text, Instant created) {
}
