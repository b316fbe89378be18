package io.longrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.longrun.application.port.out.SlurmAdapterSwitched;
import io.longrun.support.DevCluster;
import io.longrun.support.OwnSlurmrestd;
import io.longrun.support.LongrunClient;
import io.longrun.support.Prometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code longrun.slurm.adapter=auto} on the real cluster: slurmrestd goes away in the middle of a chain, the chain
 * carries on through the Slurm command line (the timed-out attempt is seen and resubmitted with sbatch), slurmrestd
 * comes back and Longrun uses it again. Uses an slurmrestd of its own (port 6821): the main one (6820) serves the
 * other real-cluster tests meanwhile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:outage-it;DB_CLOSE_DELAY=-1",
        "longrun.poll.interval=2s",
        "longrun.submit.retry-delay=5s",
        "longrun.chain.no-progress-attempts=0",
        "longrun.slurm.adapter=auto",
        "longrun.slurm.auto.probe-interval=3s",
        "longrun.slurm.rest.url=http://127.0.0.1:" + SlurmrestdOutageIT.PORT,
        "longrun.slurm.rest.connect-timeout=1s",
        "longrun.slurm.rest.read-timeout=10s",
        "longrun.slurm.cli.status-user=slurm",
        "longrun.slurm.cli.timeout=30s"})
@Import(SlurmrestdOutageIT.Switches.class)
class SlurmrestdOutageIT {
    static final String PORT = "6821";
    @RegisterExtension
    static final OwnSlurmrestd RESTD = new OwnSlurmrestd(PORT);
    static final String SCRIPT = """
            #!/bin/bash
            #SBATCH --job-name=longrun-outage
            #SBATCH --time=1
            echo "attempt ${SLURM_LONGRUN_ATTEMPT} job ${SLURM_JOB_ID} initial ${SLURM_LONGRUN_INITIAL_JOB_ID}"
            if [ "${SLURM_LONGRUN_ATTEMPT}" = 1 ]; then
              sleep 300   # outlives its minute: TIMEOUT
            else
              sleep 20
              echo "attempt ${SLURM_LONGRUN_ATTEMPT} done"
            fi
            """;

    @LocalServerPort
    int port;
    @Autowired
    Switches switches;

    @DynamicPropertySource
    static void slurm(DynamicPropertyRegistry registry) {
        registry.add("longrun.slurm.rest.jwt-key-file", () -> DevCluster.keyPath().toString());
        registry.add("longrun.slurm.cli.command-prefix",
                () -> Path.of("docker/slurm-dev/slurm-dev").toAbsolutePath() + ",as,{user}");
    }

    @Test
    void aChainCarriesOnThroughTheCliWhileSlurmrestdIsAway() throws Exception {
        String directory = "/home/alice/longrun-it/outage-" + UUID.randomUUID();
        DevCluster.as("alice", null, "mkdir", "-p", directory).orThrow();
        LongrunClient longrun = new LongrunClient(port);

        JsonNode created = longrun.createChain(LongrunClient.request("alice", SCRIPT, List.of(), directory, 2));
        String chainId = created.get("id").asString();
        long firstJob = created.get("initialJobId").asLong();
        assertThat(calls(longrun, "rest", "submit")).as("attempt 1 went through slurmrestd").isEqualTo(1.0);

        // slurmrestd goes away: the next poll fails to connect and Longrun switches to the command line
        RESTD.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !switches.seen.isEmpty());
        assertThat(switches.seen.get(0).from()).isEqualTo("rest");
        assertThat(switches.seen.get(0).to()).isEqualTo("cli");
        assertThat(switches.seen.get(0).reason()).contains("slurmrestd unreachable");

        // attempt 1 times out, seen through squeue/sacct, and attempt 2 is submitted with sbatch
        JsonNode resubmitted = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2))
                .until(() -> longrun.chain(chainId), chain -> chain.get("attempts").size() == 2
                        && chain.get("attempts").get(1).hasNonNull("jobId"));
        assertThat(resubmitted.get("attempts").get(0).get("slurmState").asString()).isEqualTo("TIMEOUT");
        assertThat(calls(longrun, "cli", "submit")).as("attempt 2 went through sbatch").isEqualTo(1.0);
        assertThat(calls(longrun, "cli", "states")).isPositive();
        assertThat(calls(longrun, "rest", "submit")).isEqualTo(1.0);

        // slurmrestd comes back: the probe finds it and Longrun uses REST again
        RESTD.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> switches.seen.size() == 2);
        assertThat(switches.seen.get(1).from()).isEqualTo("cli");
        assertThat(switches.seen.get(1).to()).isEqualTo("rest");
        double restStatesBefore = calls(longrun, "rest", "states");

        JsonNode chain = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .until(() -> longrun.chain(chainId), node -> WalltimeChainIT.isTerminal(node.get("state").asString()));
        assertThat(chain.get("state").asString()).as(chain.toString()).isEqualTo("SUCCEEDED");
        assertThat(chain.get("attempts").get(1).get("slurmState").asString()).isEqualTo("COMPLETED");
        assertThat(calls(longrun, "rest", "states")).as("the end was seen through slurmrestd")
                .isGreaterThan(restStatesBefore);

        // the job saw the same chain through both adapters, writing one log
        long secondJob = chain.get("attempts").get(1).get("jobId").asLong();
        Path log = DevCluster.hostPath(directory + "/slurm-" + firstJob + ".out");
        assertThat(Files.readString(log)).contains("attempt 1 job " + firstJob)
                .contains("attempt 2 job " + secondJob + " initial " + firstJob).contains("attempt 2 done");

        // visible to an operator: the fallback counter, the active adapter, the chain's history. The log lines of
        // both switches are checked in AdaptiveSlurmGatewayTest: here, other test classes' Spring contexts
        // reconfigure logback in this JVM while the test runs, and an appender added here can be dropped.
        Map<String, Double> metrics = Prometheus.parse(longrun.get("/actuator/prometheus"));
        assertThat(metrics).containsEntry("longrun_slurm_fallback_total", 1.0)
                .containsEntry("longrun_slurm_adapter{adapter=\"rest\"}", 1.0)
                .containsEntry("longrun_slurm_adapter{adapter=\"cli\"}", 0.0);
        assertThat(longrun.get("/actuator/info")).contains("\"adapter\":\"auto\"").contains("\"active\":\"rest\"");

        // and in the chain's own history: both switches, between the attempts they affected
        List<String> switchesInHistory = new java.util.ArrayList<>();
        for (JsonNode event : longrun.events(chainId)) {
            if (event.get("type").asString().equals("ADAPTER_SWITCHED")) {
                switchesInHistory.add(event.get("state").asString());
            }
        }
        assertThat(switchesInHistory).containsExactly("cli", "rest");
    }

    private static double calls(LongrunClient longrun, String adapter, String operation) {
        return Prometheus.parse(longrun.get("/actuator/prometheus")).getOrDefault("longrun_slurm_calls_seconds_count"
                + "{adapter=\"" + adapter + "\",operation=\"" + operation + "\",outcome=\"success\"}", 0.0);
    }

    /** Collects the switches Longrun publishes. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Switches {
        final List<SlurmAdapterSwitched> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(SlurmAdapterSwitched switched) {
            seen.add(switched);
        }
    }
}
