package dev.taxi.fuzz;

import java.util.List;

/**
 * What generated frames may name so that some of them reach past validation: real trip ids,
 * user ids and tokens of the fuzzing users, and the server's frame size limit. Frames pick them
 * by position, so one seed makes the same choices against any server.
 */
record FrameTargets(List<String> tripIds, List<Long> userIds, List<String> tokens, int frameLimit) {
}
