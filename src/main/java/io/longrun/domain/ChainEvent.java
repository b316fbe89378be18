package io.longrun.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One decision or observation in a chain's life, kept as its history.
 *
 * @param attempt the attempt it concerns, if any
 * @param jobId   the Slurm job it concerns, if any
 * @param state   a Slurm state or a chain state, when the event is about one
 * @param detail  words for people: the reason, Slurm's message, who did it
 */
public record ChainEvent(UUID chainId, Instant at, Type type, Integer attempt, Long jobId, String state,
                         String detail) {

    public enum Type {
        CREATED,
        SUBMITTED,
        SUBMISSION_DEFERRED,
        SUBMISSION_REFUSED,
        STATE_CHANGED,
        ATTEMPT_ENDED,
        RESUBMITTING,
        CHAIN_ENDED,
        CANCELLED,
        POLICY_CHANGED,
        REQUEUED_BY_SLURM,
        ADOPTED,
        JOB_MISSING,
        ADAPTER_SWITCHED,
        HELD,
        RESUMED
    }
}
