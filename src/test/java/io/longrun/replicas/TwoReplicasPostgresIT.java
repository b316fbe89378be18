package io.longrun.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.longrun.LongrunApplication;
import io.longrun.application.port.in.ChainUseCases;
import io.longrun.application.port.in.NewChain;
import io.longrun.application.port.in.PolicyRequest;
import io.longrun.domain.Attempt;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import io.longrun.domain.ChainState;
import io.longrun.support.FakeSlurm;
import io.longrun.support.Postgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Two Longrun instances on one PostgreSQL database, driving 200 chains through many state changes at once
 * against one (fake) Slurm: no attempt is submitted twice, no chain is left behind, every event is stored once.
 */
class TwoReplicasPostgresIT {
    static final int CHAINS = 200;
    static final FakeSlurm SLURM = new FakeSlurm();

    @TestConfiguration(proxyBeanMethods = false)
    static class SharedSlurm {
        @Bean
        @Primary
        FakeSlurm sharedFakeSlurm() {
            return SLURM;
        }
    }

    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    @AfterEach
    void stop() {
        replicas.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext replica(String url) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LongrunApplication.class, SharedSlurm.class)
                .profiles("postgres")
                // As command-line arguments: they win over the profile's own datasource settings.
                .run("--spring.datasource.url=" + url, "--spring.datasource.username=" + Postgres.user(),
                        "--server.port=0", "--longrun.poll.interval=150ms", "--longrun.poll.tick=150ms",
                        "--longrun.submit.retry-delay=1s", "--longrun.slurm.rest.jwt-key-file=/nonexistent",
                        "--spring.main.banner-mode=off");
        replicas.add(context);
        return context;
    }

    @Test
    void twoReplicasShareTheWorkWithoutDoingAnythingTwice() {
        String url = Postgres.freshDatabase("longrun_replicas");
        SLURM.reset();
        ChainUseCases first = replica(url).getBean(ChainUseCases.class);
        ChainUseCases second = replica(url).getBean(ChainUseCases.class);

        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < CHAINS; i++) {
            ChainUseCases api = i % 2 == 0 ? first : second;
            ids.add(api.create(new NewChain(i % 3 == 0 ? "alice" : "bob", "#!/bin/bash\nsleep 1\n", List.of(),
                    null, Map.of(), new PolicyRequest(3, null, null, null, null, null, null, null))).id());
        }

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

    private static long count(List<ChainEvent> events, ChainEvent.Type type) {
        return events.stream().filter(event -> event.type() == type).count();
    }
}
