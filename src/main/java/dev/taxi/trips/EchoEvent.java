package dev.taxi.trips;

import tools.jackson.databind.node.ObjectNode;

/** The answer to {@code echo.message}: the client's message, back as it came. */
record EchoEvent(ObjectNode message) {
}
