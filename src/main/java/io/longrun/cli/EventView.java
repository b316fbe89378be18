package io.longrun.cli;

import java.time.Instant;

/** One entry of a chain's history, as {@code GET /chains/{id}/events} gives it. */
record EventView(Instant at, String type, Integer attempt, Long jobId, String state, String detail) {
}
