package dev.taxi.channels.socket;

import tools.jackson.databind.node.ObjectNode;

/** The answer to {@code echo.message}: the client's message, back as it came, in every version. */
public record Echo(ObjectNode message) {
}
