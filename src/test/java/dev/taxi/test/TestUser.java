package dev.taxi.test;

/** A user signed up and logged in by a test. */
public record TestUser(long id, String username, String group, String access, String refresh) {
}
