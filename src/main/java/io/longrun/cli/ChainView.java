package io.longrun.cli;

import java.time.Instant;
import java.util.List;

/** What the command line shows of a chain (the API's Chain, or the engine's own in standalone mode). */
record ChainView(String id, String user, String name, String state, String stateReason, int maxRestarts,
                 int restartsUsed, Long initialJobId, Long currentJobId, Instant createdAt, Instant endedAt,
                 List<AttemptView> attempts) {

    ChainView {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    record AttemptView(int number, Long jobId, String slurmState, Integer exitCode) {
    }

    boolean isEnded() {
        return switch (state) {
            case "SUCCEEDED", "FAILED", "EXHAUSTED", "CANCELLED" -> true;
            default -> false;
        };
    }

    boolean succeeded() {
        return "SUCCEEDED".equals(state);
    }

    AttemptView currentAttempt() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }
}
