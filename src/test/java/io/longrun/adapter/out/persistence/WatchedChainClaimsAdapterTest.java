package io.longrun.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.domain.Chain;
import io.longrun.domain.JobStatus;
import io.longrun.domain.RecordedJob;
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
        jdbc.update("DELETE FROM poll_replica");
        jdbc.update("UPDATE poll_shard SET claimed_by = NULL, claimed_until = NULL");
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

    /** A full cycle's claim: the watched chains the replica holds afterwards. */
    Set<UUID> claim(String replica, Instant now) {
        return chainIds(claims.claimWatched(replica, now, now.plus(LEASE)));
    }

    static Set<UUID> chainIds(List<RecordedJob> jobs) {
        Set<UUID> ids = new HashSet<>();
        jobs.forEach(job -> ids.add(job.chainId()));
        assertThat(ids).as("no chain twice in one answer").hasSize(jobs.size());
        return ids;
    }

    Set<UUID> ids(List<Chain> claimed) {
        Set<UUID> ids = new HashSet<>();
        claimed.forEach(chain -> ids.add(chain.id()));
        assertThat(ids).as("no chain twice in one answer").hasSize(claimed.size());
        return ids;
    }

    @Test
    void aReplicaAloneHoldsEveryWatchedChainAndASecondOneGetsAnEvenShareWithoutOverlap() {
        Set<UUID> all = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            all.add(running(T0, null).id());
        }
        chains.save(Chain.create(UUID.randomUUID(), "alice", "n", "#!/bin/bash\n", List.of(), null, Map.of(),
                RetryPolicy.defaults(3), T0)); // not in Slurm yet: not watched

        // Finer than the column keeps it, as a clock gives it.
        Instant until = T0.plus(LEASE).plusNanos(123_456_789);
        assertThat(chainIds(claims.claimWatched("a", T0, until))).isEqualTo(all);
        assertThat(ids(claims.heldWatched("a", T0, all))).isEqualTo(all);
        assertThat(claim("b", T0.plusSeconds(1))).as("all of a's claims still hold").isEmpty();
        assertThat(claims.heldWatched("b", T0.plusSeconds(1), all)).isEmpty();

        // Each replica's next cycle: a gives back what is beyond its share, b takes it.
        Set<UUID> heldByA = claim("a", T0.plusSeconds(10));
        Set<UUID> heldByB = claim("b", T0.plusSeconds(11));
        assertThat(heldByA).doesNotContainAnyElementsOf(heldByB);
        Set<UUID> both = new HashSet<>(heldByA);
        both.addAll(heldByB);
        assertThat(both).isEqualTo(all);
        assertThat(heldByA.size()).as("an even share, give or take the hashing").isBetween(60, 140);
        assertThat(shardsHeldBy("a")).isEqualTo(PollShards.COUNT / 2);
        assertThat(shardsHeldBy("b")).isEqualTo(PollShards.COUNT / 2);

        // And so they stay, cycle after cycle, whoever goes first.
        assertThat(claim("b", T0.plusSeconds(20))).isEqualTo(heldByB);
        assertThat(claim("a", T0.plusSeconds(21))).isEqualTo(heldByA);
        assertThat(ids(claims.heldWatched("a", T0.plusSeconds(21), all))).isEqualTo(heldByA);

        // A chain that ended is not watched any more, by anyone.
        UUID ended = heldByA.iterator().next();
        Chain chain = chains.findById(ended).orElseThrow();
        chain.cancel("alice", T0.plusSeconds(22));
        chains.save(chain);
        assertThat(claim("a", T0.plusSeconds(30))).doesNotContain(ended).hasSize(heldByA.size() - 1);
        assertThat(claims.heldWatched("a", T0.plusSeconds(30), List.of(ended))).isEmpty();
    }

    @Test
    void theClaimTellsWhatIsRecordedOfEachChainsCurrentJob() {
        Instant started = T0.plusSeconds(30);
        Chain once = running(started, Duration.ofHours(1));
        Chain restarted = running(T0, Duration.ofMinutes(10));
        long firstJob = restarted.currentAttempt().jobId();
        restarted.observe(new JobStatus(firstJob, SlurmJobState.TIMEOUT, List.of("TIMEOUT"), false, 0, T0,
                T0.plusSeconds(600)), T0.plusSeconds(601));
        long secondJob = JOB_IDS.incrementAndGet();
        restarted.submissionAccepted(secondJob, Duration.ofMinutes(10), T0.plusSeconds(602));
        restarted = chains.save(restarted);

        Map<UUID, RecordedJob> recorded = new java.util.HashMap<>();
        claims.claimWatched("a", T0.plusSeconds(700), T0.plusSeconds(700).plus(LEASE))
                .forEach(job -> recorded.put(job.chainId(), job));
        assertThat(recorded).containsOnlyKeys(once.id(), restarted.id());
        assertThat(recorded.get(once.id())).isEqualTo(new RecordedJob(once.id(), once.currentAttempt().jobId(),
                "RUNNING", started, null, false));
        assertThat(recorded.get(restarted.id())).as("the second attempt's job, not the first's")
                .isEqualTo(new RecordedJob(restarted.id(), secondJob, "PENDING", null, null, false));
    }

    @Test
    void aStoppedReplicasChainsAreTakenOverWhenItsClaimsRunOut() {
        Set<UUID> all = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            all.add(running(T0, null).id());
        }
        assertThat(claim("a", T0)).isEqualTo(all);

        Instant before = T0.plus(LEASE).minusMillis(1);
        assertThat(claim("b", before)).isEmpty();
        Instant after = T0.plus(LEASE);
        assertThat(claim("b", after)).as("a is gone: b is alone and takes everything").isEqualTo(all);
        assertThat(claims.heldWatched("a", after, all)).as("a's claims ran out").isEmpty();
        assertThat(claim("a", after.plusSeconds(1))).as("a came back: the chains are b's now").isEmpty();
    }

    @Test
    void aReplicaThatStopsCleanlyHandsItsShardsOverAtOnce() {
        Set<UUID> all = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            all.add(running(T0, null).id());
        }
        claim("a", T0);
        claim("b", T0.plusSeconds(1));
        claim("a", T0.plusSeconds(2));
        assertThat(claim("b", T0.plusSeconds(3))).isNotEmpty().isNotEqualTo(all);

        claims.release("a");
        assertThat(claims.heldWatched("a", T0.plusSeconds(4), all)).isEmpty();
        assertThat(claim("b", T0.plusSeconds(4))).as("long before a's claims would have run out").isEqualTo(all);
        assertThat(shardsHeldBy("b")).isEqualTo(PollShards.COUNT);
    }

    @Test
    void claimingSkipsTheShardsAnotherReplicaIsClaimingInsteadOfWaiting() throws Exception {
        Set<UUID> all = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            all.add(running(T0, null).id());
        }
        claim("a", T0);
        claim("b", T0.plusSeconds(1));
        Set<UUID> heldByA = claim("a", T0.plusSeconds(2));
        Set<UUID> heldByB = claim("b", T0.plusSeconds(3));
        assertThat(heldByA).isNotEmpty();
        assertThat(heldByB).isNotEmpty();

        // While a's renewal is not committed yet (its shards stay locked), b renews its own and takes nothing of a's.
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        transaction.executeWithoutResult(status -> {
            assertThat(claim("a", T0.plusSeconds(10))).isEqualTo(heldByA);
            Set<UUID> other;
            try {
                other = CompletableFuture.supplyAsync(() -> claim("b", T0.plusSeconds(10)))
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception blockedOrFailed) {
                throw new AssertionError("replica b waited for a's locks or failed", blockedOrFailed);
            }
            assertThat(other).isEqualTo(heldByB);
        });
        assertThat(claim("a", T0.plusSeconds(11))).isEqualTo(heldByA);
    }

    @Test
    void nearTheirEndOnlyTheHeldChainsAreAskedAbout() {
        Instant now = T0.plus(Duration.ofMinutes(59));
        Chain endingSoon = running(T0, Duration.ofHours(1));
        running(T0, Duration.ofHours(2));
        running(T0, null);
        claims.claimWatched("a", now, now.plus(LEASE));

        assertThat(chainIds(claims.heldEndingBetween("a", now, now.minusSeconds(180), now.plusSeconds(120))))
                .containsExactly(endingSoon.id());
        assertThat(claims.heldEndingBetween("b", now, now.minusSeconds(180), now.plusSeconds(120))).isEmpty();
        Instant afterTheClaim = now.plus(LEASE);
        assertThat(claims.heldEndingBetween("a", afterTheClaim, now.minusSeconds(180), now.plusSeconds(120)))
                .as("a's claim ran out").isEmpty();
    }

    @Test
    void theMigrationPutStoredChainsInTheShardsNewChainsGet() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(running(T0, null).id());
        }
        String migration = new String(getClass().getResourceAsStream("/db/migration/V8__poll_shards.sql")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String update = migration.substring(migration.indexOf("UPDATE chain SET poll_shard"));
        update = update.substring(0, update.indexOf(';'));
        jdbc.update("UPDATE chain SET poll_shard = -1");
        jdbc.update(update);
        Set<Integer> shards = new HashSet<>();
        for (UUID id : ids) {
            int shard = jdbc.queryForObject("SELECT poll_shard FROM chain WHERE id = ?", Integer.class, id);
            assertThat(shard).as("shard of %s", id).isEqualTo(PollShards.of(id));
            shards.add(shard);
        }
        assertThat(shards).as("spread over the shards").hasSizeGreaterThan(PollShards.COUNT * 3 / 4);
    }

    private int shardsHeldBy(String replica) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM poll_shard WHERE claimed_by = ?", Integer.class, replica);
    }
}
