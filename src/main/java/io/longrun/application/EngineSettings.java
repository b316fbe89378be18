package io.longrun.application;

import io.longrun.domain.RetryPolicy;
import java.time.Duration;

/**
 * The engine's knobs.
 *
 * @param defaultPolicy      the retry policy of a chain whose request sets none of it
 * @param submitRetryDelay   how long to wait before trying again a submission Slurm could not take
 * @param submitLease        how long a claimed submission stays invisible to other submitters
 * @param statusBatchSize    job ids per batched status request
 * @param pollInterval       every watched job is asked about at least this often
 * @param missingJobTimeout  how long a job may be unknown to slurmctld and accounting before its chain fails
 * @param haltAfterSubmit    fault injection for crash tests only: the process halts right after Slurm accepted a job
 * @param nearEndWindow      jobs this close to their time limit (or up to {@link #OVERDUE} past it) are asked
 *                           about at every tick, so a TIMEOUT is resubmitted within seconds
 * @param replicaId          names this process in the poll claims of the replicas sharing the database
 * @param pollClaimLease     how long a replica's claim on its shards of the chains lasts: renewed at every full cycle, so it
 *                           runs out only when the replica stopped cycling, and another replica then takes over
 * @param pollHandlerThreads how many chains' news (an ending's details, the save, the resubmission) are acted on
 *                           at once
 * @param pollTick           how often the scheduler calls {@link ChainPoller#pollDue()}
 */
public record EngineSettings(RetryPolicy defaultPolicy, Duration submitRetryDelay, Duration submitLease,
                             int statusBatchSize, Duration pollInterval, Duration nearEndWindow,
                             Duration missingJobTimeout, boolean haltAfterSubmit, String replicaId,
                             Duration pollClaimLease, int pollHandlerThreads, Duration pollTick) {
    /** Slurm ends a job some time after its limit (KillWait, its timer): keep asking fast for this long. */
    public static final Duration OVERDUE = Duration.ofMinutes(3);
}
