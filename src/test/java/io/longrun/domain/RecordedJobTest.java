package io.longrun.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The poller loads a chain only when what is recorded of its job says Slurm's answer is news: that must be exactly
 * when observing the answer changes the chain, or a change would be missed (or a load wasted).
 */
class RecordedJobTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    Chain submitted() {
        Chain chain = Chain.create(UUID.randomUUID(), "alice", "n", "#!/bin/bash\n", List.of(), "/home/alice",
                Map.of(), RetryPolicy.defaults(3), T0);
        chain.submissionAccepted(42, Duration.ofHours(1), T0);
        return chain;
    }

    static JobStatus status(SlurmJobState state, Instant startedAt, String nodes) {
        return new JobStatus(42, state, List.of(state.name()), false, state.isTerminal() ? 0 : null, startedAt,
                state.isTerminal() ? T0.plusSeconds(99) : null, nodes, null);
    }

    /** Observes each answer in turn, checking before each that the recorded job predicted the change. */
    void observeAll(Chain chain, List<Optional<JobStatus>> answers, List<Boolean> expectedNews) {
        for (int i = 0; i < answers.size(); i++) {
            RecordedJob recorded = chain.recordedJob();
            boolean news = recorded.isNews(answers.get(i));
            assertThat(news).as("answer %d: %s", i, answers.get(i)).isEqualTo(expectedNews.get(i));
            Instant now = T0.plusSeconds(10L * (i + 1));
            Chain.Transition transition = answers.get(i).isPresent()
                    ? chain.observe(answers.get(i).get(), now)
                    : chain.observeMissing(42, Duration.ofHours(1), now);
            if (answers.get(i).isPresent()) {
                assertThat(transition != Chain.Transition.NONE).as("observing answer %d changed the chain", i)
                        .isEqualTo(news);
            }
        }
    }

    @Test
    void aJobsLifeIsNewsOnlyWhereItChanges() {
        Instant start = T0.plusSeconds(5);
        observeAll(submitted(), List.of(
                        Optional.of(status(SlurmJobState.PENDING, null, null)),
                        Optional.of(status(SlurmJobState.RUNNING, null, null)),
                        Optional.of(status(SlurmJobState.RUNNING, null, null)),
                        Optional.of(status(SlurmJobState.RUNNING, start, null)),
                        Optional.of(status(SlurmJobState.RUNNING, start, "node1")),
                        Optional.of(status(SlurmJobState.RUNNING, start, "node1")),
                        Optional.of(status(SlurmJobState.RUNNING, null, null)),
                        Optional.empty(),
                        Optional.of(status(SlurmJobState.RUNNING, null, null)),
                        Optional.of(status(SlurmJobState.RUNNING, null, null)),
                        Optional.of(status(SlurmJobState.COMPLETED, start, "node1"))),
                List.of(false, true, false, true, true, false, false, true, true, false, true));
    }

    @Test
    void aRequeueIsNews() {
        observeAll(submitted(), List.of(
                        Optional.of(status(SlurmJobState.RUNNING, null, null)),
                        Optional.of(status(SlurmJobState.PENDING, null, null)),
                        Optional.of(status(SlurmJobState.PENDING, null, null))),
                List.of(true, true, false));
    }
}
