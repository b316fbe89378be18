package io.longrun.application.port.out;

import io.longrun.domain.Chain;
import io.longrun.domain.RecordedJob;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Divides the watched chains among the replicas sharing a database, so that each job is asked about by one
 * replica at a time. Chains are divided in a fixed number of shards; a replica holds a shard until a given instant
 * and renews its shards at every full cycle, and the shards of a replica that stopped are taken over once its claims
 * run out. Each replica takes an even share of the shards among the replicas seen lately.
 */
public interface WatchedChainClaims {

    /**
     * Claims this replica's share of the watched chains until {@code until}: renews the shards it holds, takes free
     * ones (never held, or their claim has run out) up to an even share, and gives back any beyond that share. Shards
     * another replica is claiming at this moment are skipped, not waited for. Returns what is recorded of the current
     * job of every watched chain this replica now holds (the chains themselves are loaded only where there is news).
     */
    List<RecordedJob> claimWatched(String replica, Instant now, Instant until);

    /** Of the given chains, those still watched and still held by this replica at {@code now}, as stored. */
    List<Chain> heldWatched(String replica, Instant now, Collection<UUID> ids);

    /**
     * The watched chains this replica holds at {@code now} whose job reaches its time limit between {@code from} and
     * {@code to}.
     */
    List<RecordedJob> heldEndingBetween(String replica, Instant now, Instant from, Instant to);

    /** Gives back this replica's shards and withdraws its announcement: others take its chains at their next cycle. */
    void release(String replica);
}
