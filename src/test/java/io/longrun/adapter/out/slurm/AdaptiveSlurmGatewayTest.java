package io.longrun.adapter.out.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.longrun.adapter.out.slurm.SlurmProperties.Adapter;
import io.longrun.application.port.out.SlurmAdapterSwitched;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.application.port.out.SlurmGatewayException.Kind;
import io.longrun.domain.JobStatus;
import io.longrun.domain.JobSubmission;
import io.longrun.support.FakeSlurm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code longrun.slurm.adapter=auto}: REST, the CLI while slurmrestd is unreachable, REST again when it answers. */
class AdaptiveSlurmGatewayTest {
    final SwitchableFake rest = new SwitchableFake();
    final SwitchableFake cli = new SwitchableFake();
    final List<Object> events = new ArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AdaptiveSlurmGateway gateway = AdaptiveSlurmGateway.auto(rest, cli, Duration.ofSeconds(30),
            Clock.systemUTC(), events::add, registry);
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(AdaptiveSlurmGateway.class)).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(AdaptiveSlurmGateway.class)).detachAppender(logs);
    }

    private List<String> logged(Level level) {
        return logs.list.stream().filter(event -> event.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void restIsUsedWhileItAnswers() {
        gateway.states(List.of(1L));

        assertThat(rest.stateRequests).hasSize(1);
        assertThat(cli.stateRequests).isEmpty();
        assertThat(gateway.active()).isEqualTo("rest");
        assertThat(registry.get(AdaptiveSlurmGateway.ACTIVE).tag("adapter", "rest").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void unreachableSlurmrestdSendsThisCallAndTheNextOnesToTheCli() {
        rest.away = true;

        gateway.states(List.of(1L));
        gateway.job(1L, "alice");

        assertThat(cli.stateRequests).hasSize(1);
        assertThat(rest.stateRequests).isEmpty();
        assertThat(rest.calls).as("once on the CLI, REST is left alone until the probe").isEqualTo(1);
        assertThat(gateway.active()).isEqualTo("cli");
        assertThat(events).singleElement().isInstanceOfSatisfying(SlurmAdapterSwitched.class, event -> {
            assertThat(event.from()).isEqualTo("rest");
            assertThat(event.to()).isEqualTo("cli");
            assertThat(event.reason()).contains("connection refused");
        });
        assertThat(registry.get(AdaptiveSlurmGateway.FALLBACKS).counter().count()).isEqualTo(1.0);
        assertThat(registry.get(AdaptiveSlurmGateway.ACTIVE).tag("adapter", "cli").gauge().value()).isEqualTo(1.0);
        assertThat(logged(Level.WARN)).singleElement().asString()
                .startsWith("slurmrestd unreachable, falling back to the Slurm CLI (slurmrestd unreachable (connection refused))");
    }

    @Test
    void slurmsOwnErrorsThroughRestDoNotSwitch() {
        rest.failWith = new SlurmGatewayException(Kind.TRANSIENT, "submit job failed: Unable to contact slurm "
                + "controller (connect failure) (error 1800)", List.of(), null);

        assertThatThrownBy(() -> gateway.states(List.of(1L))).isSameAs(rest.failWith);

        assertThat(gateway.active()).isEqualTo("rest");
        assertThat(cli.calls).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void aSubmitThatMayHaveReachedSlurmIsNotRepeatedOnTheCli() {
        rest.away = true;
        rest.mayHaveArrived = true;

        assertThatThrownBy(() -> gateway.submit(submission())).isInstanceOf(SlurmUnreachableException.class);

        assertThat(cli.submissions).as("a read timeout: the job may exist already").isEmpty();
        assertThat(gateway.active()).isEqualTo("cli");
        gateway.submit(submission());
        assertThat(cli.submissions).hasSize(1);
    }

    @Test
    void aSubmitThatNeverLeftIsMadeOnTheCli() {
        rest.away = true;

        long jobId = gateway.submit(submission());

        assertThat(cli.submissions).hasSize(1);
        assertThat(jobId).isPositive();
    }

    @Test
    void theProbeGoesBackToRestWhenItAnswers() {
        rest.away = true;
        gateway.states(List.of(1L));

        gateway.probe();
        assertThat(gateway.active()).as("still away").isEqualTo("cli");

        rest.away = false;
        gateway.probe();

        assertThat(gateway.active()).isEqualTo("rest");
        gateway.states(List.of(2L));
        assertThat(rest.stateRequests).containsExactly(List.of(2L));
        assertThat(events).hasSize(2).last().isInstanceOfSatisfying(SlurmAdapterSwitched.class, event -> {
            assertThat(event.from()).isEqualTo("cli");
            assertThat(event.to()).isEqualTo("rest");
        });
        assertThat(logged(Level.INFO)).containsExactly("slurmrestd is back, using REST again");
        assertThat(registry.get(AdaptiveSlurmGateway.FALLBACKS).counter().count()).isEqualTo(1.0);
    }

    @Test
    void aPingThatSlurmctldAnswersBadlyDoesNotSwitchBack() {
        rest.away = true;
        gateway.states(List.of(1L));
        rest.away = false;
        rest.failWith = new SlurmGatewayException(Kind.TRANSIENT, "ping failed: slurmctld does not respond", List.of(),
                null);

        gateway.probe();

        assertThat(gateway.active()).isEqualTo("cli");
    }

    @Test
    void theBackgroundProbeRunsOnItsInterval() throws Exception {
        try (AdaptiveSlurmGateway quick = AdaptiveSlurmGateway.auto(rest, cli, Duration.ofMillis(50),
                Clock.systemUTC(), events::add, registry).start()) {
            rest.away = true;
            quick.states(List.of(1L));
            rest.away = false;
            long deadline = System.currentTimeMillis() + 5000;
            while (quick.active().equals("cli") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(quick.active()).isEqualTo("rest");
        }
    }

    @Test
    void everyOptionMustSuitBothAdaptersInAutoMode() {
        cli.refuseOptions = true;

        assertThatThrownBy(() -> gateway.checkSupported(io.longrun.domain.sbatch.SbatchOptions.empty()))
                .isInstanceOf(io.longrun.domain.sbatch.InvalidSbatchOptionException.class);
    }

    @Test
    void fixedModesUseTheirAdapterOnlyAndNeverSwitch() {
        AdaptiveSlurmGateway restOnly = AdaptiveSlurmGateway.rest(rest, registry);
        rest.away = true;

        assertThatThrownBy(() -> restOnly.states(List.of(1L))).isInstanceOf(SlurmUnreachableException.class);
        assertThat(restOnly.mode()).isEqualTo(Adapter.REST);
        assertThat(restOnly.active()).isEqualTo("rest");
        assertThat(AdaptiveSlurmGateway.cli(cli, registry).active()).isEqualTo("cli");
        assertThat(registry.get(AdaptiveSlurmGateway.FALLBACKS).counter().count()).isZero();
    }

    private static JobSubmission submission() {
        return new JobSubmission(UUID.randomUUID(), 1, "alice", "#!/bin/bash\n", "/home/alice", Map.of(),
                io.longrun.domain.sbatch.SbatchOptions.empty(), null, null, false, "longrun:x:1");
    }

    /** A fake Slurm that can be out of reach (connection refused, or a read timeout) or fail as told. */
    static class SwitchableFake extends FakeSlurm {
        volatile boolean away;
        volatile boolean mayHaveArrived;
        volatile boolean refuseOptions;
        volatile SlurmGatewayException failWith;
        int calls;

        private void reach() {
            calls++;
            if (away) {
                throw new SlurmUnreachableException(mayHaveArrived ? "slurmrestd unreachable (request timed out)"
                        : "slurmrestd unreachable (connection refused)", mayHaveArrived, null);
            }
            if (failWith != null) {
                throw failWith;
            }
        }

        @Override
        public void checkSupported(io.longrun.domain.sbatch.SbatchOptions options) {
            if (refuseOptions) {
                throw new io.longrun.domain.sbatch.InvalidSbatchOptionException("--x", "not here");
            }
        }

        @Override
        public synchronized long submit(JobSubmission submission) {
            reach();
            return super.submit(submission);
        }

        @Override
        public synchronized Map<Long, JobStatus> states(java.util.Collection<Long> jobIds) {
            reach();
            return super.states(jobIds);
        }

        @Override
        public synchronized java.util.Optional<JobStatus> job(long jobId, String user) {
            reach();
            return super.job(jobId, user);
        }

        @Override
        public void ping() {
            reach();
        }
    }
}
