package io.longrun.adapter.out.persistence;

import io.longrun.application.port.out.WatchedChainClaims;
import io.longrun.domain.Chain;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Poll claims with {@code SELECT ... FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 alike): two replicas claiming at
 * the same moment each get different rows, and neither waits for the other. The claim columns are outside the
 * chain's version, so a claim never makes a decision about the chain fail.
 */
@Component
class WatchedChainClaimsAdapter implements WatchedChainClaims {
    private static final String FREE = "(poll_claimed_until IS NULL OR poll_claimed_until <= :now)";
    private static final String MINE_FROM_BEFORE = "(poll_claimed_by = :replica AND poll_claimed_until < :until)";

    @PersistenceContext
    private EntityManager entityManager;
    private final ChainJpaRepository repository;

    WatchedChainClaimsAdapter(ChainJpaRepository repository) {
        this.repository = repository;
    }

    @Override
    @Transactional
    public List<Chain> claimWatched(String replica, Instant now, Instant until, int limit) {
        until = storable(until);
        List<UUID> ids = lockClaimable(true, replica, now, until, limit, null, null);
        if (ids.isEmpty()) {
            return List.of();
        }
        markClaimed(ids, replica, until);
        return repository.findWithAttempts(ids).stream().map(ChainPersistenceAdapter::toDomain).toList();
    }

    @Override
    @Transactional
    public List<Chain> claimWatchedEndingBetween(String replica, Instant now, Instant until, Instant from,
                                                 Instant to) {
        until = storable(until);
        List<UUID> ids = lockClaimable(false, replica, now, until, Integer.MAX_VALUE, from, to);
        if (!ids.isEmpty()) {
            markClaimed(ids, replica, until);
        }
        return repository.findClaimedEndingBetween(replica, now, from, to).stream()
                .map(ChainPersistenceAdapter::toDomain).toList();
    }

    /**
     * As the column keeps it (microseconds): compared with a finer instant, a claim made in this cycle would look
     * older than the cycle's own and be claimed again and again.
     */
    private static Instant storable(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    @SuppressWarnings("unchecked")
    private List<UUID> lockClaimable(boolean mineFromBefore, String replica, Instant now, Instant until, int limit,
                                     Instant endingFrom, Instant endingTo) {
        boolean window = endingFrom != null;
        String claimable = mineFromBefore ? "(" + FREE + " OR " + MINE_FROM_BEFORE + ")" : FREE;
        var query = entityManager.createNativeQuery("SELECT id FROM chain WHERE state = 'ACTIVE' AND " + claimable
                        + (window ? " AND expected_end_at BETWEEN :endingFrom AND :endingTo" : "")
                        // No ORDER BY: with one, H2 2.4 skips every row once any is locked.
                        + " LIMIT :limit FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter("now", now)
                .setParameter("limit", limit);
        if (mineFromBefore) {
            query.setParameter("replica", replica).setParameter("until", until);
        }
        if (window) {
            query.setParameter("endingFrom", endingFrom).setParameter("endingTo", endingTo);
        }
        return query.getResultList();
    }

    private void markClaimed(List<UUID> ids, String replica, Instant until) {
        entityManager.createNativeQuery("UPDATE chain SET poll_claimed_by = :replica, poll_claimed_until = :until"
                        + " WHERE id IN (:ids)")
                .setParameter("replica", replica)
                .setParameter("until", until)
                .setParameter("ids", ids)
                .executeUpdate();
    }
}
