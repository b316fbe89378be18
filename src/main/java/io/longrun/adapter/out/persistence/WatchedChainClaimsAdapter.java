package io.longrun.adapter.out.persistence;

import io.longrun.application.port.out.WatchedChainClaims;
import io.longrun.domain.Chain;
import io.longrun.domain.RecordedJob;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
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
    @PersistenceContext
    private EntityManager entityManager;
    private final ChainJpaRepository repository;

    WatchedChainClaimsAdapter(ChainJpaRepository repository) {
        this.repository = repository;
    }

    @Override
    @Transactional
    @SuppressWarnings("unchecked")
    public List<RecordedJob> claimWatched(String replica, Instant now, Instant until) {
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
        return held.isEmpty() ? List.of() : recordedJobs(repository.findRecordedJobs(held));
    }

    /** One row per chain: its highest-numbered attempt in Slurm, which for an ACTIVE chain is its only one. */
    private static List<RecordedJob> recordedJobs(List<Object[]> rows) {
        Map<UUID, Object[]> current = new HashMap<>();
        for (Object[] row : rows) {
            current.merge((UUID) row[0], row,
                    (one, other) -> ((Number) one[6]).intValue() > ((Number) other[6]).intValue() ? one : other);
        }
        List<RecordedJob> jobs = new ArrayList<>(current.size());
        for (Object[] row : current.values()) {
            jobs.add(new RecordedJob((UUID) row[0], ((Number) row[1]).longValue(), (String) row[2], (Instant) row[3],
                    (String) row[4], row[5] != null));
        }
        return jobs;
    }

    @Override
    @Transactional
    public void release(String replica) {
        entityManager.createNativeQuery("UPDATE poll_shard SET claimed_by = NULL, claimed_until = NULL"
                + " WHERE claimed_by = :replica").setParameter("replica", replica).executeUpdate();
        entityManager.createNativeQuery("DELETE FROM poll_replica WHERE replica = :replica")
                .setParameter("replica", replica).executeUpdate();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Chain> heldWatched(String replica, Instant now, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // The shards are checked here and the chains' state in Java: joined in SQL, H2 walks every ACTIVE chain.
        Set<Integer> held = new HashSet<>(heldShards(replica, now));
        return repository.findWithAttempts(ids).stream()
                .filter(entity -> "ACTIVE".equals(entity.state) && held.contains(entity.pollShard))
                .map(ChainPersistenceAdapter::toDomain).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<RecordedJob> heldEndingBetween(String replica, Instant now, Instant from, Instant to) {
        List<Integer> held = heldShards(replica, now);
        return held.isEmpty() ? List.of() : recordedJobs(repository.findRecordedJobsEndingBetween(held, from, to));
    }

    @SuppressWarnings("unchecked")
    private List<Integer> heldShards(String replica, Instant now) {
        return entityManager.createNativeQuery(
                        "SELECT shard FROM poll_shard WHERE claimed_by = :replica AND claimed_until > :now", Integer.class)
                .setParameter("replica", replica).setParameter("now", now).getResultList();
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
