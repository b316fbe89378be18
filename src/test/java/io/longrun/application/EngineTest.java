package io.longrun.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.application.port.in.ChainUseCases;
import io.longrun.application.port.in.NewChain;
import io.longrun.application.port.in.PolicyRequest;
import io.longrun.application.port.out.ChainRepository;
import io.longrun.application.port.out.SlurmGateway;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainState;
import io.longrun.domain.JobSubmission;
import io.longrun.support.FakeSlurm;
import io.longrun.support.FakeSlurmConfiguration;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The engine on a real (in-memory H2) database and a fake Slurm: submission, polling and resubmission. */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:engine-test;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false",
        "longrun.poll.status-batch-size=2",
        "longrun.submit.retry-delay=0s",
        "longrun.poll.near-end-window=2m",
        "longrun.slurm.rest.jwt-key-file=/nonexistent"})
@Import({FakeSlurmConfiguration.class, EngineTest.SaveHook.class})
class EngineTest {
    static final String SCRIPT = "#!/bin/bash\n#SBATCH --time=1\n#SBATCH --job-name=engine\nsleep 100\n";

    @Autowired
    ChainUseCases chains;
    @Autowired
    ChainPoller poller;
    @Autowired
    FakeSlurm slurm;
    @Autowired
    SlurmGateway gateway;

    /** Runs a test's action once, right after the next chain is saved (a JDK proxy: no agent needed). */
    @TestConfiguration(proxyBeanMethods = false)
    static class SaveHook {
        static volatile Runnable afterNextSave;

        @Bean
        static BeanPostProcessor hookChainSaves() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof ChainRepository repository)) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(ChainRepository.class.getClassLoader(),
                            new Class<?>[] {ChainRepository.class}, (proxy, method, arguments) -> {
                                Object result;
                                try {
                                    result = method.invoke(repository, arguments);
                                } catch (InvocationTargetException thrown) {
                                    throw thrown.getCause();
                                }
                                Runnable action = afterNextSave;
                                if (method.getName().equals("save") && action != null) {
                                    afterNextSave = null;
                                    action.run();
                                }
                                return result;
                            });
                }
            };
        }
    }

    @BeforeEach
    void reset() {
        SaveHook.afterNextSave = null;
        slurm.reset();
        // Settle every chain other tests left behind, so each test sees only its own.
        for (Chain chain : chains.list(null, null, 500)) {
            if (!chain.state().isTerminal()) {
                chains.cancel(chain.id(), "test");
            }
        }
        slurm.reset();
    }

    Chain create(int maxRestarts) {
        return chains.create(new NewChain("alice", SCRIPT, List.of(), "/home/alice", Map.of("A", "1"),
                new PolicyRequest(maxRestarts, null, null, null, null, null, null, null)));
    }

    @Test
    void theFakeIsTheGatewayInUse() {
        assertThat(gateway).isSameAs(slurm);
    }

    @Test
    void aTimeoutIsResubmittedWithAppendAndTheFirstJobId() {
        Chain chain = create(3);
        assertThat(chain.state()).isEqualTo(ChainState.ACTIVE);
        long first = chain.initialJobId().orElseThrow();

        slurm.setState(first, "RUNNING");
        poller.pollOnce();
        slurm.setState(first, "TIMEOUT");
        poller.pollOnce();

        Chain after = chains.find(chain.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ChainState.ACTIVE);
        assertThat(after.attempts()).hasSize(2);
        assertThat(after.attempts().get(0).slurmState()).isEqualTo("TIMEOUT");
        JobSubmission second = slurm.lastSubmission();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.append()).isTrue();
        assertThat(second.standardOutput()).isEqualTo("slurm-" + first + ".out");
        assertThat(second.environment()).containsEntry("SLURM_LONGRUN_INITIAL_JOB_ID", Long.toString(first))
                .containsEntry("A", "1");

        slurm.setState(after.currentAttempt().jobId(), "COMPLETED");
        poller.pollOnce();
        Chain done = chains.find(chain.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(ChainState.SUCCEEDED);
        assertThat(slurm.submissions).hasSize(2);

        assertThat(chains.events(chain.id()).orElseThrow())
                .extracting(event -> event.type() + " " + event.attempt() + " " + event.state())
                .containsExactly("CREATED 1 SUBMITTING", "SUBMITTED 1 null", "STATE_CHANGED 1 RUNNING",
                        "ATTEMPT_ENDED 1 TIMEOUT", "RESUBMITTING 2 TIMEOUT", "SUBMITTED 2 null",
                        "ATTEMPT_ENDED 2 COMPLETED", "CHAIN_ENDED 2 SUCCEEDED");
    }

    @Test
    void thePollerLeavesANewChainToTheRequestThatIsSubmittingIt() {
        // The poller's cycle runs right after the API request first stores the chain, before it submits; had the
        // poller taken the attempt, the request would answer with a chain still waiting for its job.
        SaveHook.afterNextSave = () -> {
            slurm.unreachable = true;
            poller.pollOnce();
            slurm.unreachable = false;
        };
        Chain chain = create(3);

        assertThat(chain.state()).isEqualTo(ChainState.ACTIVE);
        assertThat(slurm.submissions).hasSize(1);
        assertThat(chains.find(chain.id()).orElseThrow().attempts()).hasSize(1);
    }

    @Test
    void restartsRunOutIntoExhausted() {
        Chain chain = create(1);
        slurm.setState(chain.currentAttempt().jobId(), "PREEMPTED");
        poller.pollOnce();
        Chain second = chains.find(chain.id()).orElseThrow();
        slurm.setState(second.currentAttempt().jobId(), "NODE_FAIL");
        poller.pollOnce();

        Chain done = chains.find(chain.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(ChainState.EXHAUSTED);
        assertThat(done.attempts()).hasSize(2);
        assertThat(slurm.submissions).hasSize(2);
    }

    @Test
    void aFailedJobFailsTheChain() {
        Chain chain = create(5);
        slurm.setState(chain.currentAttempt().jobId(), "FAILED");
        poller.pollOnce();
        assertThat(chains.find(chain.id()).orElseThrow().state()).isEqualTo(ChainState.FAILED);
        assertThat(slurm.submissions).hasSize(1);
    }

    @Test
    void aScriptThatDiesAtOnceBacksOffAndThenStops() {
        Chain chain = create(50);
        slurm.setState(chain.currentAttempt().jobId(), java.time.Duration.ofSeconds(2), "NODE_FAIL");
        poller.pollOnce();
        Chain waiting = chains.find(chain.id()).orElseThrow();
        assertThat(waiting.state()).isEqualTo(ChainState.SUBMITTING);
        assertThat(waiting.nextSubmitAt()).as("backoff persisted as the next attempt time")
                .isAfter(java.time.Instant.now().plusSeconds(20));
        poller.pollOnce();
        assertThat(slurm.submissions).as("nothing is submitted before its time").hasSize(1);
        assertThat(chains.events(chain.id()).orElseThrow()).extracting(event -> event.detail())
                .anySatisfy(detail -> assertThat(detail).contains("backoff until"));
    }

    @Test
    void betweenFullCyclesOnlyJobsNearTheirTimeLimitAreAskedAbout() {
        Chain nearEnd = create(1);
        Chain farFromEnd = chains.create(new NewChain("alice", "#!/bin/bash\n#SBATCH --time=600\n", List.of(),
                "/home/alice", Map.of(), PolicyRequest.NONE));
        // Seen running now: the one-minute job reaches its limit within the two-minute window, the other not.
        slurm.setState(nearEnd.currentAttempt().jobId(), "RUNNING");
        slurm.setState(farFromEnd.currentAttempt().jobId(), "RUNNING");
        poller.pollOnce();
        slurm.stateRequests.clear();

        poller.pollDue();
        poller.pollDue();

        assertThat(slurm.stateRequests).isNotEmpty()
                .allSatisfy(batch -> assertThat(batch).containsExactly(nearEnd.currentAttempt().jobId()));
    }

    @Test
    void jobsNearTheirTimeLimitAreAskedAboutInBatchesToo() {
        List<Long> nearEnd = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long jobId = create(1).currentAttempt().jobId();
            slurm.setState(jobId, "RUNNING");
            nearEnd.add(jobId);
        }
        poller.pollOnce();
        slurm.stateRequests.clear();

        poller.pollDue();

        assertThat(slurm.stateRequests).hasSize(3)
                .allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(2));
        assertThat(slurm.stateRequests.stream().flatMap(java.util.Collection::stream).toList())
                .containsExactlyInAnyOrderElementsOf(nearEnd);
    }

    @Test
    void statusIsAskedInBatches() {
        for (int i = 0; i < 5; i++) {
            create(1);
        }
        poller.pollOnce();
        assertThat(slurm.stateRequests).hasSize(3);
        assertThat(slurm.stateRequests).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(2));
    }

    @Test
    void aTransientSubmitFailureIsRetriedByThePoller() {
        slurm.failNextSubmit(new SlurmGatewayException(SlurmGatewayException.Kind.TRANSIENT, "connection refused",
                List.of(), null));
        Chain chain = create(1);
        assertThat(chain.state()).isEqualTo(ChainState.SUBMITTING);
        assertThat(chain.stateReason()).contains("connection refused");

        poller.pollOnce();
        Chain after = chains.find(chain.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ChainState.ACTIVE);
        assertThat(slurm.submissions).hasSize(1);
    }

    @Test
    void aJobSlurmAcceptedButLongrunNeverRecordedIsAdoptedNotSubmittedAgain() {
        slurm.loseNextSubmitAnswer();
        Chain chain = create(1);
        assertThat(chain.state()).isEqualTo(ChainState.SUBMITTING);
        assertThat(slurm.submissions).hasSize(1);

        poller.pollOnce();

        Chain after = chains.find(chain.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ChainState.ACTIVE);
        assertThat(slurm.submissions).as("found by its comment tag, not submitted twice").hasSize(1);
        assertThat(after.currentAttempt().jobId()).isEqualTo(
                slurm.findJobByComment("alice", slurm.lastSubmission().comment(), java.time.Instant.EPOCH).orElseThrow());
        assertThat(chains.events(chain.id()).orElseThrow()).extracting(event -> event.type().name())
                .contains("ADOPTED");
    }

    @Test
    void aPermanentSubmitFailureFailsTheChainWithSlurmsMessage() {
        slurm.failNextSubmit(new SlurmGatewayException(SlurmGatewayException.Kind.PERMANENT,
                "submit job failed: Invalid partition name specified (error 2000)", List.of(), null));
        Chain chain = create(1);
        assertThat(chain.state()).isEqualTo(ChainState.FAILED);
        assertThat(chain.stateReason()).contains("Invalid partition name specified");
    }

    @Test
    void anUnreachableSlurmChangesNothing() {
        Chain chain = create(1);
        slurm.unreachable = true;
        poller.pollOnce();
        slurm.unreachable = false;
        Chain after = chains.find(chain.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ChainState.ACTIVE);
        assertThat(after.version()).isEqualTo(chain.version());
    }

    @Test
    void aJobMissingFromSlurmAndAccountingIsRecordedButNotGivenUpAtOnce() {
        Chain chain = create(1);
        slurm.reset();
        poller.pollOnce();
        poller.pollOnce();
        Chain after = chains.find(chain.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ChainState.ACTIVE);
        assertThat(after.currentAttempt().missingSince()).isNotNull();
        assertThat(chains.events(chain.id()).orElseThrow())
                .filteredOn(event -> event.type() == io.longrun.domain.ChainEvent.Type.JOB_MISSING).hasSize(1);
    }

    @Test
    void aHeldChainLetsItsJobRunButResubmitsOnlyWhenResumed() {
        Chain chain = create(3);
        long first = chain.currentAttempt().jobId();
        chains.hold(chain.id(), "alice");
        slurm.setState(first, "TIMEOUT");
        poller.pollOnce();
        poller.pollOnce();

        Chain held = chains.find(chain.id()).orElseThrow();
        assertThat(held.state()).isEqualTo(ChainState.SUBMITTING);
        assertThat(held.isHeld()).isTrue();
        assertThat(held.stateReason()).startsWith("on hold");
        assertThat(slurm.submissions).as("nothing resubmitted while on hold").hasSize(1);

        Chain resumed = chains.resume(chain.id(), "alice").orElseThrow();
        assertThat(resumed.state()).isEqualTo(ChainState.ACTIVE);
        assertThat(slurm.submissions).hasSize(2);
        assertThat(chains.events(chain.id()).orElseThrow()).extracting(event -> event.type().name())
                .contains("HELD", "RESUMED");
    }

    @Test
    void anEndedChainCannotBeHeld() {
        Chain chain = create(0);
        slurm.setState(chain.currentAttempt().jobId(), "COMPLETED");
        poller.pollOnce();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> chains.hold(chain.id(), "alice"))
                .isInstanceOf(io.longrun.application.port.in.ChainConflictException.class);
    }

    @Test
    void cancelStopsTheChainAndItsJob() {
        Chain chain = create(3);
        long job = chain.currentAttempt().jobId();
        chains.cancel(chain.id(), "alice");
        assertThat(slurm.cancelled).containsExactly(job);
        slurm.setState(job, "CANCELLED");
        poller.pollOnce();
        Chain after = chains.find(chain.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ChainState.CANCELLED);
        assertThat(after.stateReason()).contains("alice");
        assertThat(slurm.submissions).hasSize(1);
    }
}
