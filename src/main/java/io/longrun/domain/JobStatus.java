package io.longrun.domain;

import java.time.Instant;
import java.util.List;

/**
 * What Slurm said about one job at one moment.
 *
 * @param rawState    the state array as Slurm sent it, kept for the API and the logs
 * @param completing  Slurm is still cleaning the job up; its files may still be written to
 * @param nodes       the nodes the job runs or ran on, as Slurm writes them ({@code node[01-04]}); null when not
 *                    known (the batched state answer of slurmrestd has none)
 * @param stateReason Slurm's reason for the state ({@code TimeLimit}, {@code NodeFail}, ...); null when not known or
 *                    when Slurm says {@code None}
 */
public record JobStatus(long jobId, SlurmJobState state, List<String> rawState, boolean completing,
                        Integer exitCode, Instant startedAt, Instant endedAt, String nodes, String stateReason) {

    public JobStatus {
        rawState = rawState == null ? List.of() : List.copyOf(rawState);
        nodes = nodes == null || nodes.isBlank() ? null : nodes;
        stateReason = stateReason == null || stateReason.isBlank() || stateReason.equals("None") ? null : stateReason;
    }

    /** Without node list and reason. */
    public JobStatus(long jobId, SlurmJobState state, List<String> rawState, boolean completing, Integer exitCode,
                     Instant startedAt, Instant endedAt) {
        this(jobId, state, rawState, completing, exitCode, startedAt, endedAt, null, null);
    }

    public static JobStatus of(long jobId, List<String> rawState) {
        return new JobStatus(jobId, SlurmJobState.fromSlurm(rawState), rawState,
                rawState != null && rawState.contains("COMPLETING"), null, null, null);
    }

    /** Ended and fully cleaned up: safe to act on (a new attempt may append to the same files). */
    public boolean isFinal() {
        return state.isTerminal() && !completing;
    }

    /** The state as a single word for people: the base state and its flags. */
    public String describe() {
        return rawState.isEmpty() ? state.name() : String.join(",", rawState);
    }
}
