package io.longrun.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.longrun.LongrunApplication;
import io.longrun.application.port.in.ChainUseCases;
import io.longrun.application.port.in.NewChain;
import io.longrun.application.port.in.PolicyRequest;
import io.longrun.application.port.out.SlurmGateway;
import io.longrun.domain.Attempt;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import io.longrun.domain.ChainState;
import io.longrun.support.FakeSlurm;
import io.longrun.support.Postgres;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Two Longrun instances on one PostgreSQL database, driving 200 chains through many state changes at once
 * against one (fake) Slurm: no attempt is submitted twice, no chain is left behind, every event is stored once.
 * While they run, each job is asked about by one replica only, and when one stops the other takes its jobs over.
 */
class TwoReplicasPostgresIT {
    static final int CHAINS = 200;
    static final FakeSlurm SLURM = new FakeSlurm();
    static final Duration CLAIM_LEASE = Duration.ofSeconds(3);
    /** The job ids each replica asked Slurm about in its batched status requests. */
    static final Map<String, Set<Long>> ASKED = new ConcurrentHashMap<>();

    @TestConfiguration(proxyBeanMethods = false)
    static class SharedSlurm {
        /** The one fake Slurm, seen through a recorder of who asks about which job. */
        @Bean
        @Primary
        SlurmGateway sharedFakeSlurm(@Value("${longrun.poll.replica-id}") String replica) {
            return (SlurmGateway) Proxy.newProxyInstance(SlurmGateway.class.getClassLoader(),
                    new Class<?>[] {SlurmGateway.class}, (proxy, method, arguments) -> {
                        if (method.getName().equals("states")) {
                            @SuppressWarnings("unchecked")
                            Collection<Long> jobIds = (Collection<Long>) arguments[0];
                            ASKED.computeIfAbsent(replica, name -> ConcurrentHashMap.newKeySet()).addAll(jobIds);
                        }
                        try {
                            return method.invoke(SLURM, arguments);
                        } catch (InvocationTargetException thrown) {
                            throw thrown.getCause();
                        }
                    });
        }
    }

    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    @AfterEach
    void stop() {
        replicas.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext replica(String url, String name) {
        return replica(url, name, CLAIM_LEASE);
    }

    private ConfigurableApplicationContext replica(String url, String name, Duration claimLease) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LongrunApplication.class, SharedSlurm.class)
                .profiles("postgres")
                // As command-line arguments: they win over the profile's own datasource settings.
                .run("--spring.datasource.url=" + url, "--spring.datasource.username=" + Postgres.user(),
                        "--server.port=0", "--longrun.poll.interval=150ms", "--longrun.poll.tick=150ms",
                        "--longrun.submit.retry-delay=1s", "--longrun.slurm.rest.jwt-key-file=/nonexistent",
                        "--spring.main.banner-mode=off", "--longrun.poll.replica-id=" + name,
                        "--longrun.poll.claim-lease=" + claimLease.toMillis() + "ms");
        replicas.add(context);
        return context;
    }

    @Test
    void twoReplicasShareTheWorkWithoutDoingAnythingTwice() {
        String url = Postgres.freshDatabase("longrun_replicas");
        SLURM.reset();
        ASKED.clear();
        ConfigurableApplicationContext one = replica(url, "replica-1");
        ConfigurableApplicationContext two = replica(url, "replica-2");
        ChainUseCases first = one.getBean(ChainUseCases.class);
        ChainUseCases second = two.getBean(ChainUseCases.class);

        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < CHAINS; i++) {
            ChainUseCases api = i % 2 == 0 ? first : second;
            ids.add(api.create(new NewChain(i % 3 == 0 ? "alice" : "bob", "#!/bin/bash\nsleep 1\n", List.of(),
                    null, Map.of(), new PolicyRequest(3, null, null, null, null, null, null, null))).id());
        }

        // While no job changes, the replicas divide the jobs between them: each is asked about by one replica.
        Set<Long> jobs = ids.stream().map(id -> first.find(id).orElseThrow().currentAttempt().jobId())
                .collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).until(() -> askedByEither().containsAll(jobs));
        ASKED.clear();
        await().atMost(Duration.ofSeconds(30)).until(() -> askedByEither().containsAll(jobs));
        assertThat(asked("replica-1")).as("jobs asked about by both replicas")
                .doesNotContainAnyElementsOf(asked("replica-2"));
        assertThat(asked("replica-1")).as("both replicas work").isNotEmpty();
        assertThat(asked("replica-2")).as("both replicas work").isNotEmpty();
        // What each tells its operators: its share, the two together every job, neither more than 2/3 of them.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            double mine = watched(one);
            double theirs = watched(two);
            assertThat(mine + theirs).isEqualTo(CHAINS);
            assertThat(Math.max(mine, theirs)).isLessThan(CHAINS * 2 / 3.0);
        });

        // Slurm moves every job on, at random, while both replicas poll and resubmit.
        Random random = new Random(42);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(300)).until(() -> {
            SLURM.advanceAll(random);
            return first.list(null, null, 500).stream().allMatch(chain -> chain.state().isTerminal());
        });

        Map<String, Long> submissionsPerAttempt = SLURM.submissions.stream()
                .collect(Collectors.groupingBy(s -> s.chainId() + "#" + s.attempt(), Collectors.counting()));
        assertThat(submissionsPerAttempt.values()).as("no attempt submitted twice").allMatch(count -> count == 1);

        Map<ChainState, Integer> endings = new HashMap<>();
        int resubmissions = 0;
        for (UUID id : ids) {
            Chain chain = second.find(id).orElseThrow();
            endings.merge(chain.state(), 1, Integer::sum);
            resubmissions += chain.restartsUsed();
            List<Attempt> attempts = chain.attempts();
            assertThat(attempts).allMatch(Attempt::isSubmitted);
            assertThat(attempts.stream().filter(a -> submissionsPerAttempt.containsKey(id + "#" + a.number())))
                    .hasSize(attempts.size());
            List<ChainEvent> events = first.events(id).orElseThrow();
            assertThat(count(events, ChainEvent.Type.CREATED)).isEqualTo(1);
            assertThat(count(events, ChainEvent.Type.SUBMITTED)).as("one SUBMITTED per attempt").isEqualTo(attempts.size());
            assertThat(count(events, ChainEvent.Type.ATTEMPT_ENDED)).isEqualTo(attempts.size());
            assertThat(count(events, ChainEvent.Type.RESUBMITTING)).isEqualTo(attempts.size() - 1);
            assertThat(count(events, ChainEvent.Type.CHAIN_ENDED)).isEqualTo(1);
        }
        assertThat(SLURM.submissions).hasSize(CHAINS + resubmissions);
        assertThat(resubmissions).as("the chains really went through many state changes").isGreaterThan(CHAINS);
        assertThat(endings.keySet()).contains(ChainState.SUCCEEDED, ChainState.EXHAUSTED, ChainState.FAILED);
    }

    @Test
    void whenAReplicaStopsTheOtherTakesItsJobsOver() {
        String url = Postgres.freshDatabase("longrun_failover");
        SLURM.reset();
        ASKED.clear();
        // Claims that would hold for a minute: a takeover sooner than that is the stopped replica handing over.
        Duration longLease = Duration.ofSeconds(60);
        ConfigurableApplicationContext leaving = replica(url, "replica-1", longLease);
        ChainUseCases staying = replica(url, "replica-2", longLease).getBean(ChainUseCases.class);
        Set<Long> jobs = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            jobs.add(staying.create(new NewChain("alice", "#!/bin/bash\nsleep 1\n", List.of(), null, Map.of(),
                    new PolicyRequest(3, null, null, null, null, null, null, null))).currentAttempt().jobId());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> askedByEither().containsAll(jobs));
        Set<Long> leavingHeld = Set.copyOf(asked("replica-1"));
        leaving.close();
        replicas.remove(leaving);
        ASKED.clear();

        await().atMost(longLease.minusSeconds(15)).until(() -> asked("replica-2").containsAll(jobs));
        assertThat(leavingHeld).as("the stopped replica held jobs of its own").isNotEmpty();
        // (A replica that dies without stopping cleanly hands nothing over: its claims run out first. That is
        // WatchedChainClaimsAdapterTest#aStoppedReplicasChainsAreTakenOverWhenItsClaimsRunOut, on both databases.)

        // And the survivor acts on them: every chain ends.
        jobs.forEach(job -> SLURM.setState(job, "COMPLETED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> staying.list(null, null, 100).stream()
                .allMatch(chain -> chain.state() == ChainState.SUCCEEDED));
    }

    private static double watched(ConfigurableApplicationContext replica) {
        return replica.getBean(MeterRegistry.class).get("longrun.poll.watched").gauge().value();
    }

    private static Set<Long> asked(String replica) {
        return ASKED.getOrDefault(replica, Set.of());
    }

    private static Set<Long> askedByEither() {
        Set<Long> all = new HashSet<>(asked("replica-1"));
        all.addAll(asked("replica-2"));
        return all;
    }

    private static long count(List<ChainEvent> events, ChainEvent.Type type) {
        return events.stream().filter(event -> event.type() == type).count();
    }
}
