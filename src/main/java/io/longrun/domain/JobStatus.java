package io.longrun.domain;

import java.time.Instant;
import java.util.List;

/**
 * What Slurm said about one job at one moment.
 *
 * @param rawState  the state array as Slurm sent it, kept for the API and the logs
 * @param completing Slurm is still cleaning the job up; its files may still be written to
 */
public record JobStatus(long jobId, SlurmJobState state, List<String> rawState, boolean completing,
                        Integer exitCode, Instant startedAt, Instant endedAt) {

    public JobStatus {
        rawState = rawState == null ? List.of() : List.copyOf(rawState);
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
