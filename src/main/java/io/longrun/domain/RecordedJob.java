package io.longrun.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What Longrun last recorded of a watched chain's current job: enough to tell, from Slurm's batched answer alone,
 * whether there is news worth loading the whole chain for. Most polls of most jobs bring none.
 *
 * @param missing whether the job was last found in neither slurmctld nor accounting
 */
public record RecordedJob(UUID chainId, long jobId, String slurmState, Instant startedAt, String nodes,
                          boolean missing) {

    /** Whether observing {@code listed} (empty: Slurm's answer did not list the job) would change the chain. */
    public boolean isNews(Optional<JobStatus> listed) {
        return listed.isEmpty() || changedBy(listed.get());
    }

    /** Exactly when {@link Attempt#observe} finds a change. */
    boolean changedBy(JobStatus status) {
        return missing
                || status.isFinal()
                || !status.describe().equals(slurmState)
                || status.startedAt() != null && !status.startedAt().equals(startedAt)
                || startedAt == null && status.state() == SlurmJobState.RUNNING
                || status.nodes() != null && !status.nodes().equals(nodes);
    }
}
