package io.longrun.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.longrun.domain.Chain;
import io.longrun.domain.ChainState;
import io.longrun.domain.JobStatus;
import io.longrun.domain.RetryPolicy;
import io.longrun.domain.SlurmJobState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Chains on the real schema (Flyway migrations, validated by Hibernate): the same tests on H2
 * ({@link ChainPersistenceAdapterTest}) and PostgreSQL ({@link ChainPersistenceAdapterPostgresTest}).
 */
abstract class ChainStorageContract extends ChainStoreTestBase {
    Chain newChain() {
        return Chain.create(UUID.randomUUID(), "alice", "name", "#!/bin/bash\necho \"ü\"\n",
                List.of("--time=1", "-J", "x y"), "/home/alice", Map.of("A", "1", "B", "two words"), RetryPolicy.defaults(3), T0);
    }

    @Test
    void aChainAndItsAttemptsRoundTrip() {
        Chain chain = adapter.save(newChain());
        chain.submissionAccepted(11, T0);
        chain.observe(new JobStatus(11, SlurmJobState.TIMEOUT, List.of("TIMEOUT"), false, 0,
                T0, T0.plusSeconds(90)), T0.plusSeconds(95));
        chain = adapter.save(chain);

        Chain loaded = adapter.findById(chain.id()).orElseThrow();
        assertThat(loaded.state()).isEqualTo(ChainState.SUBMITTING);
        assertThat(loaded.args()).containsExactly("--time=1", "-J", "x y");
        assertThat(loaded.environment()).containsEntry("B", "two words");
        assertThat(loaded.script()).contains("ü");
        assertThat(loaded.attempts()).hasSize(2);
        assertThat(loaded.attempts().get(0).jobId()).isEqualTo(11);
        assertThat(loaded.attempts().get(0).slurmState()).isEqualTo("TIMEOUT");
        assertThat(loaded.attempts().get(0).endedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(loaded.attempts().get(1).jobId()).isNull();
        assertThat(loaded.initialJobId()).contains(11L);
        assertThat(loaded.createdAt()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(adapter.findDueSubmissions(T0.plusSeconds(100), 10)).extracting(Chain::id).contains(chain.id());
    }

    @Test
    void aStaleCopyCannotOverwriteANewerOne() {
        Chain stored = adapter.save(newChain());
        Chain first = adapter.findById(stored.id()).orElseThrow();
        Chain second = adapter.findById(stored.id()).orElseThrow();

        first.submissionAccepted(1, T0);
        adapter.save(first);
        second.submissionAccepted(2, T0);

        assertThatThrownBy(() -> adapter.save(second)).isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(adapter.findById(stored.id()).orElseThrow().currentAttempt().jobId()).isEqualTo(1);
    }

    @Test
    void aChangedPolicyIsStoredThoughNothingElseChanged() {
        Chain stored = adapter.save(newChain());
        Chain loaded = adapter.findById(stored.id()).orElseThrow();
        loaded.changePolicy(RetryPolicy.defaults(7), "alice", T0.plusSeconds(1));
        adapter.save(loaded);

        Chain reloaded = adapter.findById(stored.id()).orElseThrow();
        assertThat(reloaded.maxRestarts()).isEqualTo(7);
        assertThat(reloaded.version()).isGreaterThan(stored.version());
        assertThat(reloaded.args()).containsExactly("--time=1", "-J", "x y");
    }

    @Test
    void everyAttemptDetailSurvivesRepeatedSaves() {
        Chain chain = adapter.save(newChain());
        chain.claimSubmission(T0.plusSeconds(120), T0);
        chain = adapter.save(chain);
        chain.submissionAccepted(11, Duration.ofMinutes(1), T0.plusSeconds(1));
        chain = adapter.save(chain);
        chain.observe(new JobStatus(11, SlurmJobState.RUNNING, List.of("RUNNING"), false, null, T0.plusSeconds(5),
                null, "node[01-02]", null), T0.plusSeconds(6));
        chain = adapter.save(chain);
        chain.observe(new JobStatus(11, SlurmJobState.TIMEOUT, List.of("TIMEOUT"), false, 0, T0.plusSeconds(5),
                T0.plusSeconds(65), "node[01-02]", "TimeLimit"), T0.plusSeconds(70));
        chain = adapter.save(chain);
        chain.claimSubmission(T0.plusSeconds(300), T0.plusSeconds(80));
        chain.submissionAccepted(12, Duration.ofMinutes(1), T0.plusSeconds(81));
        chain = adapter.save(chain);
        chain.observeMissing(12, Duration.ofMinutes(10), T0.plusSeconds(90));
        Chain saved = adapter.save(chain);

        Chain loaded = adapter.findById(saved.id()).orElseThrow();
        assertThat(loaded.attempts()).hasSize(2);
        assertThat(loaded.attempts().get(0).nodes()).isEqualTo("node[01-02]");
        assertThat(loaded.attempts().get(0).stateReason()).isEqualTo("TimeLimit");
        assertThat(loaded.currentAttempt().missingSince()).isEqualTo(T0.plusSeconds(90));
        assertThat(loaded.version()).isEqualTo(saved.version()).isEqualTo(6);
        // What a save answers is exactly what a later read finds, field by field, attempts included.
        assertThat(loaded).usingRecursiveComparison().isEqualTo(saved);
    }

    @Test
    void aStaleCopyAddsNoAttempt() {
        Chain stored = adapter.save(newChain());
        stored.submissionAccepted(11, T0);
        stored = adapter.save(stored);
        Chain stale = adapter.findById(stored.id()).orElseThrow();
        stored.cancel("alice", T0.plusSeconds(10));
        adapter.save(stored);

        stale.observe(new JobStatus(11, SlurmJobState.PREEMPTED, List.of("PREEMPTED"), false, 0, T0, T0.plusSeconds(20)),
                T0.plusSeconds(21));
        assertThatThrownBy(() -> adapter.save(stale)).isInstanceOf(OptimisticLockingFailureException.class);
        Chain loaded = adapter.findById(stored.id()).orElseThrow();
        assertThat(loaded.state()).isEqualTo(ChainState.CANCELLED);
        assertThat(loaded.attempts()).hasSize(1);
        assertThat(adapter.events(stored.id())).extracting(event -> event.type().name()).doesNotContain("ATTEMPT_ENDED");
    }
}
