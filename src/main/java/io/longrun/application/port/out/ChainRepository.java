package io.longrun.application.port.out;

import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import io.longrun.domain.ChainState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Where chains live. Saving checks the chain's version, so a stale copy never overwrites a newer one. */
public interface ChainRepository {

    /**
     * Stores a new chain or the changes to a stored one, and returns it as stored (with its new version).
     *
     * @throws org.springframework.dao.OptimisticLockingFailureException when someone else changed it first
     */
    Chain save(Chain chain);

    Optional<Chain> findById(UUID id);

    /** Chains waiting for a submission that is due now. */
    List<Chain> findDueSubmissions(Instant now, int limit);

    /** Newest first. Null filters match everything. */
    List<Chain> list(String user, ChainState state, int limit);

    /** One page of a listing: the chains matching the query, in its order, after its position. */
    List<Chain> search(ChainQuery query);

    /** A chain's history, oldest first. */
    List<ChainEvent> events(UUID chainId);

    /** How many chains are in each state (every state present, zero included). */
    Map<ChainState, Long> countByState();

    /** Chains whose next submission waits for a later time (Slurm could not take it). */
    long countWaitingForRetry(Instant now);
}
