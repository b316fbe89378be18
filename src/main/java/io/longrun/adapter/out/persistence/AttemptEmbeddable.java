package io.longrun.adapter.out.persistence;

import jakarta.persistence.Embeddable;
import java.time.Instant;

@Embeddable
class AttemptEmbeddable {
    Instant createdAt;
    Long jobId;
    Long timeLimitMinutes;
    String slurmState;
    Integer exitCode;
    Instant claimedAt;
    Instant submittedAt;
    Instant startedAt;
    Instant endedAt;
    boolean finished;
    Instant missingSince;
    String nodes;
    String stateReason;
}
