package io.longrun.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChainTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    static Chain submitted(int maxRestarts, long jobId) {
        Chain chain = Chain.create(UUID.randomUUID(), "alice", "job", "#!/bin/bash\n", List.of(), null, Map.of(),
                RetryPolicy.defaults(maxRestarts), T0);
        chain.submissionAccepted(jobId, T0);
        return chain;
    }

    static JobStatus ended(long jobId, String state) {
        return new JobStatus(jobId, SlurmJobState.fromSlurm(state), List.of(state), false, 0, T0, T0.plusSeconds(90));
    }

    @Test
    void aNewChainWaitsForItsFirstSubmission() {
        Chain chain = Chain.create(UUID.randomUUID(), "alice", null, "#!/bin/sh\n", List.of(), null, Map.of(), RetryPolicy.defaults(3), T0);
        assertThat(chain.state()).isEqualTo(ChainState.SUBMITTING);
        assertThat(chain.isSubmissionDue(T0)).isTrue();
        assertThat(chain.attempts()).hasSize(1);
        assertThat(chain.initialJobId()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = SlurmJobState.class, names = {"TIMEOUT", "PREEMPTED", "NODE_FAIL", "DEADLINE", "BOOT_FAIL"})
    void aRetryableEndingAddsAnAttempt(SlurmJobState ending) {
        Chain chain = submitted(2, 100);
        assertThat(chain.observe(ended(100, ending.name()), T0)).isEqualTo(Chain.Transition.RESUBMIT);
        assertThat(chain.state()).isEqualTo(ChainState.SUBMITTING);
        assertThat(chain.attempts()).hasSize(2);
        assertThat(chain.attempts().get(0).slurmState()).isEqualTo(ending.name());
        assertThat(chain.stateReason()).contains(ending.name());
    }

    @ParameterizedTest
    @EnumSource(value = SlurmJobState.class, names = {"FAILED", "CANCELLED", "OUT_OF_MEMORY", "REVOKED"})
    void anotherEndingFailsTheChain(SlurmJobState ending) {
        Chain chain = submitted(5, 100);
        assertThat(chain.observe(ended(100, ending.name()), T0)).isEqualTo(Chain.Transition.ENDED);
        assertThat(chain.state()).isEqualTo(ChainState.FAILED);
        assertThat(chain.attempts()).hasSize(1);
    }

    @Test
    void completedSucceeds() {
        Chain chain = submitted(5, 100);
        assertThat(chain.observe(ended(100, "COMPLETED"), T0)).isEqualTo(Chain.Transition.ENDED);
        assertThat(chain.state()).isEqualTo(ChainState.SUCCEEDED);
        assertThat(chain.endedAt()).isEqualTo(T0);
    }

    @Test
    void maxRestartsCountsResubmissionsExactly() {
        Chain chain = submitted(2, 100);
        long jobId = 100;
        for (int restart = 1; restart <= 2; restart++) {
            assertThat(chain.observe(ended(jobId, "TIMEOUT"), T0)).isEqualTo(Chain.Transition.RESUBMIT);
            chain.submissionAccepted(++jobId, T0);
        }
        assertThat(chain.attempts()).hasSize(3);
        assertThat(chain.observe(ended(jobId, "TIMEOUT"), T0)).isEqualTo(Chain.Transition.ENDED);
        assertThat(chain.state()).isEqualTo(ChainState.EXHAUSTED);
        assertThat(chain.restartsUsed()).isEqualTo(2);
        assertThat(chain.initialJobId()).contains(100L);
    }

    @Test
    void zeroRestartsMeansOneAttempt() {
        Chain chain = submitted(0, 7);
        chain.observe(ended(7, "PREEMPTED"), T0);
        assertThat(chain.state()).isEqualTo(ChainState.EXHAUSTED);
    }

    @Test
    void aJobStillCompletingIsNotActedOn() {
        Chain chain = submitted(2, 100);
        JobStatus completing = JobStatus.of(100, List.of("TIMEOUT", "COMPLETING"));
        assertThat(completing.isFinal()).isFalse();
        assertThat(chain.observe(completing, T0)).isEqualTo(Chain.Transition.UPDATED);
        assertThat(chain.state()).isEqualTo(ChainState.ACTIVE);
        assertThat(chain.attempts()).hasSize(1);
    }

    @Test
    void anUnknownStateChangesNothingButTheRecordedState() {
        Chain chain = submitted(2, 100);
        assertThat(chain.observe(JobStatus.of(100, List.of("HIBERNATING")), T0)).isEqualTo(Chain.Transition.UPDATED);
        assertThat(chain.state()).isEqualTo(ChainState.ACTIVE);
        assertThat(chain.observe(JobStatus.of(100, List.of("HIBERNATING")), T0)).isEqualTo(Chain.Transition.NONE);
    }

    @Test
    void aJobSlurmRequeuedIsRecordedAndNeverResubmitted() {
        Chain chain = submitted(2, 100);
        chain.observe(JobStatus.of(100, List.of("RUNNING")), T0);
        assertThat(chain.observe(JobStatus.of(100, List.of("PENDING", "REQUEUED")), T0))
                .isEqualTo(Chain.Transition.UPDATED);
        assertThat(chain.attempts()).hasSize(1);
        assertThat(chain.state()).isEqualTo(ChainState.ACTIVE);
        assertThat(chain.newEvents()).extracting(ChainEvent::type).contains(ChainEvent.Type.REQUEUED_BY_SLURM);
        chain.observe(JobStatus.of(100, List.of("RUNNING")), T0);
        assertThat(chain.observe(ended(100, "COMPLETED"), T0)).isEqualTo(Chain.Transition.ENDED);
        assertThat(chain.state()).isEqualTo(ChainState.SUCCEEDED);
    }

    @Test
    void aJobUnknownEverywhereEndsTheChainOnlyAfterTheTimeout() {
        Chain chain = submitted(5, 100);
        java.time.Duration timeout = java.time.Duration.ofMinutes(10);
        assertThat(chain.observeMissing(100, timeout, T0)).isEqualTo(Chain.Transition.UPDATED);
        assertThat(chain.observeMissing(100, timeout, T0.plusSeconds(599))).isEqualTo(Chain.Transition.NONE);
        // Seen again: the clock starts over.
        chain.observe(JobStatus.of(100, List.of("RUNNING")), T0.plusSeconds(600));
        assertThat(chain.currentAttempt().missingSince()).isNull();
        chain.observeMissing(100, timeout, T0.plusSeconds(700));
        assertThat(chain.observeMissing(100, timeout, T0.plusSeconds(1300))).isEqualTo(Chain.Transition.ENDED);
        assertThat(chain.state()).isEqualTo(ChainState.FAILED);
        assertThat(chain.stateReason()).contains("has not been found in Slurm or its accounting");
        assertThat(chain.attempts()).hasSize(1);
    }

    @Test
    void anotherJobsStatusIsIgnored() {
        Chain chain = submitted(2, 100);
        assertThat(chain.observe(ended(99, "TIMEOUT"), T0)).isEqualTo(Chain.Transition.NONE);
        assertThat(chain.state()).isEqualTo(ChainState.ACTIVE);
    }

    @Test
    void cancelReturnsTheJobToCancelAndEndsTheChain() {
        Chain chain = submitted(2, 100);
        assertThat(chain.cancel("alice", T0)).contains(100L);
        assertThat(chain.state()).isEqualTo(ChainState.CANCELLED);
        assertThatThrownBy(() -> chain.cancel("alice", T0)).isInstanceOf(IllegalStateException.class);
        assertThat(chain.observe(ended(100, "CANCELLED"), T0)).isEqualTo(Chain.Transition.NONE);
    }

    @Test
    void aClaimedSubmissionIsNotDueForOthers() {
        Chain chain = Chain.create(UUID.randomUUID(), "alice", null, "#!/bin/sh\n", List.of(), null, Map.of(), RetryPolicy.defaults(3), T0);
        chain.claimSubmission(T0.plusSeconds(120), T0);
        assertThat(chain.isSubmissionDue(T0.plusSeconds(60))).isFalse();
        assertThat(chain.isSubmissionDue(T0.plusSeconds(120))).isTrue();
    }

    static JobStatus endedAfter(long jobId, String state, int exitCode, long seconds) {
        return new JobStatus(jobId, SlurmJobState.fromSlurm(state), List.of(state), false, exitCode, T0,
                T0.plusSeconds(seconds));
    }

    static Chain submitted(RetryPolicy policy, long jobId) {
        Chain chain = Chain.create(UUID.randomUUID(), "alice", "job", "#!/bin/bash\n", List.of(), null, Map.of(),
                policy, T0);
        chain.submissionAccepted(jobId, T0);
        return chain;
    }

    @Test
    void aJobAsksForAnotherAttemptWithTheResubmitExitCode() {
        Chain chain = submitted(5, 100);
        assertThat(chain.observe(endedAfter(100, "FAILED", RetryPolicy.RESUBMIT_EXIT_CODE, 300), T0))
                .isEqualTo(Chain.Transition.RESUBMIT);
        chain.submissionAccepted(101, T0);
        assertThat(chain.observe(endedAfter(101, "FAILED", 1, 300), T0)).isEqualTo(Chain.Transition.ENDED);
        assertThat(chain.state()).isEqualTo(ChainState.FAILED);
        assertThat(chain.stateReason()).contains("exit code 1");
    }

    @Test
    void anEndingOutsideThePolicyFails() {
        RetryPolicy onlyTimeouts = new PolicyBuilder().resubmitOn(SlurmJobState.TIMEOUT).build();
        Chain chain = submitted(onlyTimeouts, 100);
        chain.observe(endedAfter(100, "PREEMPTED", 0, 300), T0);
        assertThat(chain.state()).isEqualTo(ChainState.FAILED);
    }

    @Test
    void theNoProgressGuardStopsAScriptThatDiesAtOnce() {
        Chain chain = submitted(RetryPolicy.defaults(100), 100);
        long job = 100;
        // Two quick deaths are resubmitted (with a growing backoff); the third in a row ends the chain.
        for (int i = 1; i <= 2; i++) {
            assertThat(chain.observe(endedAfter(job, "NODE_FAIL", 0, 5), T0)).isEqualTo(Chain.Transition.RESUBMIT);
            assertThat(chain.nextSubmitAt()).isAfter(T0);
            chain.claimSubmission(T0, chain.nextSubmitAt());
            chain.submissionAccepted(++job, T0);
        }
        assertThat(chain.observe(endedAfter(job, "NODE_FAIL", 0, 5), T0)).isEqualTo(Chain.Transition.ENDED);
        assertThat(chain.state()).isEqualTo(ChainState.FAILED);
        assertThat(chain.stateReason()).contains("no progress: 3 attempts in a row");
    }

    @Test
    void anAttemptThatMadeProgressResetsTheGuardAndIsResubmittedAtOnce() {
        Chain chain = submitted(RetryPolicy.defaults(100), 100);
        chain.observe(endedAfter(100, "NODE_FAIL", 0, 5), T0);
        chain.claimSubmission(T0, chain.nextSubmitAt());
        chain.submissionAccepted(101, T0);
        chain.observe(endedAfter(101, "TIMEOUT", 0, 3600), T0);
        assertThat(chain.nextSubmitAt()).isEqualTo(T0);
    }

    @Test
    void backoffDoublesWithJitterUpToItsCap() {
        RetryPolicy policy = RetryPolicy.defaults(10);
        assertThat(policy.backoff(0, 0.5)).isZero();
        assertThat(policy.backoff(1, 0.5)).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(policy.backoff(2, 0.5)).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(policy.backoff(3, 0.0)).isEqualTo(java.time.Duration.ofSeconds(96));
        assertThat(policy.backoff(3, 0.999)).isBetween(java.time.Duration.ofSeconds(143),
                java.time.Duration.ofSeconds(144));
        assertThat(policy.backoff(40, 0.5)).isEqualTo(java.time.Duration.ofMinutes(30));
    }

    @Test
    void theWalltimeBudgetEndsTheChain() {
        RetryPolicy budget = new PolicyBuilder().walltimeBudget(java.time.Duration.ofHours(2)).build();
        Chain chain = submitted(budget, 100);
        chain.observe(endedAfter(100, "TIMEOUT", 0, 3600), T0);
        chain.submissionAccepted(101, T0);
        chain.observe(endedAfter(101, "TIMEOUT", 0, 3600), T0);
        assertThat(chain.state()).isEqualTo(ChainState.EXHAUSTED);
        assertThat(chain.stateReason()).contains("walltime budget");
    }

    @Test
    void revokedCanNeverResubmit() {
        assertThatThrownBy(() -> new PolicyBuilder().resubmitOn(SlurmJobState.REVOKED).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sibling cluster");
        assertThatThrownBy(() -> new PolicyBuilder().resubmitOn(SlurmJobState.COMPLETED).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void raisingMaxRestartsWhileRunningTakesEffect() {
        Chain chain = submitted(0, 100);
        chain.changePolicy(chain.policy().withMaxRestarts(1), "alice", T0);
        assertThat(chain.observe(ended(100, "TIMEOUT"), T0)).isEqualTo(Chain.Transition.RESUBMIT);
        assertThat(chain.newEvents()).extracting(ChainEvent::type).contains(ChainEvent.Type.POLICY_CHANGED);
    }

    /** Builds policies from the defaults for the tests. */
    static final class PolicyBuilder {
        private java.util.Set<SlurmJobState> endings = RetryPolicy.DEFAULT_ENDINGS;
        private java.time.Duration budget;

        PolicyBuilder resubmitOn(SlurmJobState... states) {
            endings = java.util.Set.of(states);
            return this;
        }

        PolicyBuilder walltimeBudget(java.time.Duration walltime) {
            budget = walltime;
            return this;
        }

        RetryPolicy build() {
            RetryPolicy defaults = RetryPolicy.defaults(10);
            return new RetryPolicy(10, endings, defaults.resubmitExitCodes(), defaults.noProgressAttempts(),
                    defaults.noProgressRuntime(), defaults.backoffInitial(), defaults.backoffMax(), budget);
        }
    }

    @Test
    void slurmStatesMapInOnePlace() {
        assertThat(SlurmJobState.fromSlurm(List.of("PENDING", "REQUEUED"))).isEqualTo(SlurmJobState.PENDING);
        assertThat(SlurmJobState.fromSlurm(List.of("COMPLETING", "TIMEOUT"))).isEqualTo(SlurmJobState.TIMEOUT);
        assertThat(SlurmJobState.fromSlurm(List.of())).isEqualTo(SlurmJobState.UNKNOWN);
        assertThat(SlurmJobState.fromSlurm("node_fail")).isEqualTo(SlurmJobState.NODE_FAIL);
        assertThat(SlurmJobState.REVOKED.isRetryable()).isFalse();
        assertThat(SlurmJobState.UNKNOWN.isTerminal()).isFalse();
    }
}
