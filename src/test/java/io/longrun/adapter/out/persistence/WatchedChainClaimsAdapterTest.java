package io.longrun.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.domain.Chain;
import io.longrun.domain.JobStatus;
import io.longrun.domain.RetryPolicy;
import io.longrun.domain.SlurmJobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How replicas divide the watched chains, on the real schema. The PostgreSQL subclass runs the same cases there:
 * {@code FOR UPDATE SKIP LOCKED} must hold on both databases.
 */
@DataJpaTest(properties = "spring.datasource.url=jdbc:h2:mem:claims-test;DB_CLOSE_DELAY=-1")
@Import({ChainPersistenceAdapter.class, WatchedChainClaimsAdapter.class})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class WatchedChainClaimsAdapterTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(20);
    static final AtomicLong JOB_IDS = new AtomicLong(100);

    @Autowired
    ChainPersistenceAdapter chains;
    @Autowired
    WatchedChainClaimsAdapter claims;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void empty() {
        jdbc.update("DELETE FROM chain");
    }

    /** A chain whose job runs since {@code started} with a one-hour limit, or none. */
    Chain running(Instant started, Duration limit) {
        Chain chain = Chain.create(UUID.randomUUID(), "alice", "n", "#!/bin/bash\n", List.of(), "/home/alice", Map.of(),
                RetryPolicy.defaults(3), T0);
        long jobId = JOB_IDS.incrementAndGet();
        chain.submissionAccepted(jobId, limit, T0);
        chain.observe(new JobStatus(jobId, SlurmJobState.RUNNING, List.of("RUNNING"), false, null, started, null), T0);
        return chains.save(chain);
    }

    Set<UUID> ids(List<Chain> claimed) {
        Set<UUID> ids = new HashSet<>();
        claimed.forEach(chain -> ids.add(chain.id()));
        assertThat(ids).as("no chain twice in one answer").hasSize(claimed.size());
        return ids;
    }

    @Test
    void aCycleClaimsEveryChainOnceBatchByBatchAndTheOtherReplicaGetsNone() {
        Set<UUID> all = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            all.add(running(T0, null).id());
        }
        chains.save(Chain.create(UUID.randomUUID(), "alice", "n", "#!/bin/bash\n", List.of(), null, Map.of(),
                RetryPolicy.defaults(3), T0)); // not in Slurm yet: not watched

        // Finer than the column keeps it, as a clock gives it.
        Instant until = T0.plus(LEASE).plusNanos(123_456_789);
        Set<UUID> cycle = new HashSet<>();
        List<Integer> batches = new ArrayList<>();
        for (List<Chain> batch = claims.claimWatched("a", T0, until, 4); !batch.isEmpty() && batches.size() < 5;
             batch = claims.claimWatched("a", T0, until, 4)) {
            batches.add(batch.size());
            assertThat(cycle).doesNotContainAnyElementsOf(ids(batch));
            cycle.addAll(ids(batch));
        }
        assertThat(batches).containsExactly(4, 4, 2);
        assertThat(cycle).isEqualTo(all);
        assertThat(claims.claimWatched("b", T0.plusSeconds(1), T0.plusSeconds(1).plus(LEASE), 100)).isEmpty();

        // Replica a's next cycle renews its claims; b still gets nothing.
        Instant next = T0.plusSeconds(10);
        assertThat(ids(claims.claimWatched("a", next, next.plus(LEASE), 100))).isEqualTo(all);
        assertThat(claims.claimWatched("b", next.plusSeconds(1), next.plusSeconds(1).plus(LEASE), 100)).isEmpty();
    }

    @Test
    void aStoppedReplicasChainsAreTakenOverWhenItsClaimsRunOut() {
        Set<UUID> all = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            all.add(running(T0, null).id());
        }
        assertThat(claims.claimWatched("a", T0, T0.plus(LEASE), 100)).hasSize(3);

        Instant before = T0.plus(LEASE).minusMillis(1);
        assertThat(claims.claimWatched("b", before, before.plus(LEASE), 100)).isEmpty();
        Instant after = T0.plus(LEASE);
        assertThat(ids(claims.claimWatched("b", after, after.plus(LEASE), 100))).isEqualTo(all);
        assertThat(claims.claimWatched("a", after.plusSeconds(1), after.plusSeconds(1).plus(LEASE), 100))
                .as("a came back: the chains are b's now").isEmpty();
    }

    @Test
    void claimingSkipsTheRowsAnotherReplicaIsClaimingInsteadOfWaiting() throws Exception {
        for (int i = 0; i < 10; i++) {
            running(T0, null);
        }
        Instant until = T0.plus(LEASE);
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        Set<UUID> fromB = transaction.execute(status -> {
            // Replica a's claim is not committed yet: its rows stay locked while b claims.
            Set<UUID> fromA = ids(claims.claimWatched("a", T0, until, 6));
            assertThat(fromA).hasSize(6);
            Set<UUID> other;
            try {
                other = CompletableFuture.supplyAsync(() -> ids(claims.claimWatched("b", T0, until, 100)))
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception blockedOrFailed) {
                throw new AssertionError("replica b waited for a's locks or failed", blockedOrFailed);
            }
            assertThat(other).hasSize(4).doesNotContainAnyElementsOf(fromA);
            return other;
        });
        assertThat(fromB).hasSize(4);
        assertThat(claims.claimWatched("a", T0.plusSeconds(1), until.plusSeconds(1), 100)).hasSize(6);
    }

    @Test
    void nearTheirEndTheFreeChainsAreClaimedAndMineAreAskedAbout() {
        Instant now = T0.plus(Duration.ofMinutes(59));
        Chain endingSoon = running(T0, Duration.ofHours(1));
        Chain endingLater = running(T0, Duration.ofHours(2));
        Chain heldByB = running(T0, Duration.ofHours(1));
        Chain noLimit = running(T0, null);
        claims.claimWatched("b", T0, T0.plus(Duration.ofHours(2)), 100);
        jdbc.update("UPDATE chain SET poll_claimed_by = NULL, poll_claimed_until = NULL WHERE id <> ?", heldByB.id());

        List<Chain> nearEnd = claims.claimWatchedEndingBetween("a", now, now.plus(LEASE), now.minusSeconds(180),
                now.plusSeconds(120));
        assertThat(ids(nearEnd)).containsExactly(endingSoon.id());
        Instant nextCycle = now.plusSeconds(1);
        assertThat(ids(claims.claimWatched("a", nextCycle, nextCycle.plus(LEASE), 100)))
                .containsExactlyInAnyOrder(endingSoon.id(), endingLater.id(), noLimit.id());
    }
}
