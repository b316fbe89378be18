package io.longrun.application.port.out;

import io.longrun.domain.Chain;
import java.time.Instant;
import java.util.List;

/**
 * Divides the watched chains among the replicas sharing a database, so that each job is asked about by one
 * replica at a time. A claim lasts until a given instant; a replica renews its own at every full cycle, and the
 * chains of a replica that stopped are taken over once its claims run out.
 */
public interface WatchedChainClaims {

    /**
     * Claims, until {@code until}, up to {@code limit} watched chains that no replica holds, whose claim has run
     * out, or that this replica held before and has not claimed again until {@code until}. Rows that another
     * replica is claiming at this moment are skipped, not waited for. Calls with the same {@code until} return
     * each chain at most once, so a cycle calls this until it returns nothing. Chains that are claimed are
     * returned, even one whose job has just left Slurm.
     */
    List<Chain> claimWatched(String replica, Instant now, Instant until, int limit);

    /**
     * Claims, until {@code until}, the watched chains no replica holds whose job reaches its time limit between
     * {@code from} and {@code to}, and returns every such chain this replica holds.
     */
    List<Chain> claimWatchedEndingBetween(String replica, Instant now, Instant until, Instant from, Instant to);
}
