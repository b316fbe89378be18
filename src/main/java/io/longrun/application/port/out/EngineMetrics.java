package io.longrun.application.port.out;

import io.longrun.domain.ChainState;
import java.time.Duration;
import java.util.Map;

/** What the engine reports about its own work, for operators. */
public interface EngineMetrics {

    /** A resubmission was accepted by Slurm this long after the previous attempt's ending was seen. */
    void resubmissionAccepted(Duration sinceEndingSeen);

    /** One poll cycle; {@code completed} is false when Slurm could not be asked. */
    void pollCycle(Duration duration, boolean completed);

    /** How many jobs this replica polls: its share of the watched chains, as its last full cycle claimed it. */
    void watchedJobs(int jobs);

    /** The chains in each state, and the submissions waiting for a retry time. */
    void chainCounts(Map<ChainState, Long> byState, long waitingForRetry);
}
