package io.longrun.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.longrun.domain.Chain;
import io.longrun.domain.ChainState;
import io.longrun.domain.JobStatus;
import io.longrun.domain.RetryPolicy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Chains on the real schema (Flyway migrations, validated by Hibernate) in H2. */
@DataJpaTest(properties = "spring.datasource.url=jdbc:h2:mem:persistence-test;DB_CLOSE_DELAY=-1")
@Import(ChainPersistenceAdapter.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class ChainPersistenceAdapterTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Autowired
    ChainPersistenceAdapter adapter;

    Chain newChain() {
        return Chain.create(UUID.randomUUID(), "alice", "name", "#!/bin/bash\necho \"ü\"\n",
                List.of("--time=1", "-J", "x y"), "/home/alice", Map.of("A", "1", "B", "two words"), RetryPolicy.defaults(3), T0);
    }

    @Test
    void aChainAndItsAttemptsRoundTrip() {
        Chain chain = adapter.save(newChain());
        chain.submissionAccepted(11, T0);
        chain.observe(new JobStatus(11, io.longrun.domain.SlurmJobState.TIMEOUT, List.of("TIMEOUT"), false, 0,
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
}
