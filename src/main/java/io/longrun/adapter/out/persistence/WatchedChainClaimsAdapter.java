package io.longrun.adapter.out.persistence;

import io.longrun.application.port.out.WatchedChainClaims;
import io.longrun.domain.Chain;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Poll claims on shards ({@code poll_shard}), taken with {@code SELECT ... FOR UPDATE SKIP LOCKED} (PostgreSQL and H2
 * alike): two replicas claiming at the same moment each get different shards, and neither waits for the other. A
 * cycle writes at most one row per shard and one for the replica itself, however many chains are watched; the chains
 * are only read. Replicas announce themselves in {@code poll_replica} until their claims' end, which is how each
 * knows its even share.
 */
@Component
class WatchedChainClaimsAdapter implements WatchedChainClaims {
    /** A replica's announcement is deleted this long after it ran out (it no longer counts as soon as it runs out). */
    private static final Duration FORGET_REPLICAS_AFTER = Duration.ofDays(1);
    private static final String HELD_CHAINS = "SELECT c.id FROM chain c JOIN poll_shard s ON s.shard = c.poll_shard"
            + " WHERE c.state = 'ACTIVE' AND s.claimed_by = :replica AND s.claimed_until > :now";

    @PersistenceContext
    private EntityManager entityManager;
    private final ChainJpaRepository repository;

    WatchedChainClaimsAdapter(ChainJpaRepository repository) {
        this.repository = repository;
    }

    @Override
    @Transactional
    @SuppressWarnings("unchecked")
    public List<UUID> claimWatched(String replica, Instant now, Instant until) {
        until = storable(until);
        announce(replica, now, until);
        long replicas = ((Number) entityManager.createNativeQuery(
                        "SELECT COUNT(*) FROM poll_replica WHERE seen_until > :now")
                .setParameter("now", now).getSingleResult()).longValue();
        List<Shard> claimable = lockClaimable(replica, now);
        List<Integer> held = new ArrayList<>();
        List<Integer> released = new ArrayList<>();
        int share = PollShards.share(replicas);
        // Held ones first (kept), then the ones this replica held before, then the rest, by number: stable shares.
        claimable.sort(Comparator.comparing((Shard shard) -> !shard.held()).thenComparing(shard -> !shard.mine())
                .thenComparing(Shard::number));
        for (Shard shard : claimable) {
            if (held.size() < share) {
                held.add(shard.number());
            } else if (shard.held()) {
                released.add(shard.number());
            }
        }
        if (!held.isEmpty()) {
            entityManager.createNativeQuery("UPDATE poll_shard SET claimed_by = :replica, claimed_until = :until"
                            + " WHERE shard IN (:shards)")
                    .setParameter("replica", replica).setParameter("until", until).setParameter("shards", held)
                    .executeUpdate();
        }
        if (!released.isEmpty()) {
            entityManager.createNativeQuery("UPDATE poll_shard SET claimed_by = NULL, claimed_until = NULL"
                            + " WHERE shard IN (:shards)")
                    .setParameter("shards", released).executeUpdate();
        }
        return query(HELD_CHAINS, replica, now).getResultList();
    }

    @Override
    @Transactional(readOnly = true)
    @SuppressWarnings("unchecked")
    public List<Chain> heldWatched(String replica, Instant now, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<UUID> held = query(HELD_CHAINS + " AND c.id IN (:ids)", replica, now).setParameter("ids", ids)
                .getResultList();
        return load(held);
    }

    @Override
    @Transactional(readOnly = true)
    @SuppressWarnings("unchecked")
    public List<Chain> heldEndingBetween(String replica, Instant now, Instant from, Instant to) {
        List<UUID> held = query(HELD_CHAINS + " AND c.expected_end_at BETWEEN :from AND :to", replica, now)
                .setParameter("from", from).setParameter("to", to).getResultList();
        return load(held);
    }

    private List<Chain> load(List<UUID> ids) {
        return ids.isEmpty() ? List.of()
                : repository.findWithAttempts(ids).stream().map(ChainPersistenceAdapter::toDomain).toList();
    }

    private jakarta.persistence.Query query(String sql, String replica, Instant now) {
        return entityManager.createNativeQuery(sql, UUID.class).setParameter("replica", replica)
                .setParameter("now", now);
    }

    /**
     * As the column keeps it (microseconds): compared with a finer instant, a claim made in this cycle would look
     * older than the cycle's own.
     */
    private static Instant storable(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** This replica counts among the live ones until its claims run out. */
    private void announce(String replica, Instant now, Instant until) {
        int updated = entityManager.createNativeQuery("UPDATE poll_replica SET seen_until = :until WHERE replica = :replica")
                .setParameter("until", until).setParameter("replica", replica).executeUpdate();
        if (updated == 0) {
            entityManager.createNativeQuery("DELETE FROM poll_replica WHERE seen_until < :forgotten")
                    .setParameter("forgotten", now.minus(FORGET_REPLICAS_AFTER)).executeUpdate();
            entityManager.createNativeQuery("INSERT INTO poll_replica (replica, seen_until) VALUES (:replica, :until)")
                    .setParameter("replica", replica).setParameter("until", until).executeUpdate();
        }
    }

    private record Shard(int number, boolean mine, boolean held) {
    }

    /** The shards this replica holds or may take: its own, and those nobody holds any more. */
    @SuppressWarnings("unchecked")
    private List<Shard> lockClaimable(String replica, Instant now) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT shard,"
                        + " CASE WHEN claimed_by = :replica THEN 1 ELSE 0 END,"
                        + " CASE WHEN claimed_until > :now THEN 1 ELSE 0 END"
                        + " FROM poll_shard WHERE claimed_by = :replica OR claimed_until IS NULL OR claimed_until <= :now"
                        // No ORDER BY: with one, H2 2.4 skips every row once any is locked.
                        + " FOR UPDATE SKIP LOCKED")
                .setParameter("replica", replica)
                .setParameter("now", now)
                .getResultList();
        List<Shard> shards = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            boolean mine = ((Number) row[1]).intValue() == 1;
            shards.add(new Shard(((Number) row[0]).intValue(), mine, mine && ((Number) row[2]).intValue() == 1));
        }
        return shards;
    }
}
