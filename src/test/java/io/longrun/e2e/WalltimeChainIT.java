package io.longrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.longrun.deploy.ObservabilityFiles;
import io.longrun.support.DevCluster;
import io.longrun.support.OnDevCluster;
import io.longrun.support.LongrunClient;
import io.longrun.support.Prometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The first promise, on the real cluster: a checkpointing script outlives its one-minute walltime.
 * Attempt 1 times out, Longrun resubmits, attempt 2 resumes from the saved counter and completes,
 * and one output file tells the whole story.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:walltime-it;DB_CLOSE_DELAY=-1",
        "longrun.poll.interval=2s",
        "longrun.submit.retry-delay=5s"})
class WalltimeChainIT extends OnDevCluster {
    static final int STEPS = 100;
    static final String SCRIPT = """
            #!/bin/bash
            #SBATCH --job-name=longrun-walltime
            #SBATCH --time=1
            # More than a minute of work, checkpointed after every step to a file named after the chain.
            state="counter-${SLURM_LONGRUN_INITIAL_JOB_ID}.txt"
            step=0
            if [ -f "$state" ]; then
              step=$(cat "$state")
              echo "attempt ${SLURM_LONGRUN_ATTEMPT} resumes after step ${step}"
            else
              echo "attempt ${SLURM_LONGRUN_ATTEMPT} starts from scratch"
            fi
            echo "attempt ${SLURM_LONGRUN_ATTEMPT} job ${SLURM_JOB_ID} initial ${SLURM_LONGRUN_INITIAL_JOB_ID} chain ${SLURM_LONGRUN_CHAIN_ID}"
            while [ "$step" -lt %d ]; do
              step=$((step + 1))
              echo "$step" > "$state.tmp" && mv "$state.tmp" "$state"
              sleep 1
            done
            echo "attempt ${SLURM_LONGRUN_ATTEMPT} finished all %d steps"
            """.formatted(STEPS, STEPS);

    @LocalServerPort
    int port;


    @Test
    void timedOutJobIsResubmittedAndResumesFromItsCheckpoint() throws Exception {
        String directory = "/home/alice/longrun-it/walltime-" + UUID.randomUUID();
        DevCluster.as("alice", null, "mkdir", "-p", directory).orThrow();
        LongrunClient longrun = new LongrunClient(port, DevCluster.token("alice"));

        JsonNode created = longrun.createChain(LongrunClient.request("alice", SCRIPT, List.of(), directory, 3));
        String chainId = created.get("id").asString();
        assertThat(created.get("state").asString()).isEqualTo("ACTIVE");
        long firstJob = created.get("initialJobId").asLong();

        JsonNode chain = await().atMost(Duration.ofMinutes(7)).pollInterval(Duration.ofSeconds(5))
                .until(() -> longrun.chain(chainId), node -> isTerminal(node.get("state").asString()));

        assertThat(chain.get("state").asString()).as(chain.toString()).isEqualTo("SUCCEEDED");
        JsonNode attempts = chain.get("attempts");
        assertThat(attempts.size()).as(chain.toString()).isEqualTo(2);
        assertThat(attempts.get(0).get("jobId").asLong()).isEqualTo(firstJob);
        assertThat(attempts.get(0).get("slurmState").asString()).isEqualTo("TIMEOUT");
        assertThat(attempts.get(1).get("slurmState").asString()).isEqualTo("COMPLETED");
        assertThat(attempts.get(1).get("exitCode").asInt()).isZero();
        long secondJob = attempts.get(1).get("jobId").asLong();
        assertThat(secondJob).isNotEqualTo(firstJob);
        assertThat(chain.get("restartsUsed").asInt()).isEqualTo(1);

        // One log for the chain: sbatch's default name for the first job, appended to by the second.
        Path log = DevCluster.hostPath(directory + "/slurm-" + firstJob + ".out");
        assertThat(log).exists();
        assertThat(DevCluster.hostPath(directory + "/slurm-" + secondJob + ".out")).doesNotExist();
        String output = Files.readString(log);
        assertThat(output)
                .contains("attempt 1 starts from scratch")
                .contains("attempt 1 job " + firstJob + " initial " + firstJob + " chain " + chainId)
                .contains("attempt 2 job " + secondJob + " initial " + firstJob + " chain " + chainId)
                .contains("attempt 2 finished all " + STEPS + " steps")
                .doesNotContain("attempt 1 finished");
        int resumedAfter = Integer.parseInt(output.replaceAll("(?s).*attempt 2 resumes after step (\\d+).*", "$1"));
        assertThat(resumedAfter).as("the second attempt resumed from the first one's checkpoint")
                .isBetween(30, STEPS - 1);
        assertThat(Files.readString(DevCluster.hostPath(directory + "/counter-" + firstJob + ".txt")).strip())
                .isEqualTo(Integer.toString(STEPS));

        // The history tells the same story, in order.
        List<String> story = new ArrayList<>();
        for (JsonNode event : longrun.events(chainId)) {
            String type = event.get("type").asString();
            if (!type.equals("STATE_CHANGED")) {
                story.add(type + (event.has("state") ? " " + event.get("state").asString() : ""));
            }
        }
        assertThat(story).containsExactly("CREATED SUBMITTING", "SUBMITTED", "ATTEMPT_ENDED TIMEOUT",
                "RESUBMITTING TIMEOUT", "SUBMITTED", "ATTEMPT_ENDED COMPLETED", "CHAIN_ENDED SUCCEEDED");

        // What an operator's Prometheus sees after this one chain.
        Map<String, Double> metrics = Prometheus.parse(longrun.get("/actuator/prometheus"));
        assertThat(metrics).containsEntry("longrun_attempts_finished_total{ending=\"TIMEOUT\"}", 1.0)
                .containsEntry("longrun_attempts_finished_total{ending=\"COMPLETED\"}", 1.0)
                .containsEntry("longrun_resubmissions_total{reason=\"TIMEOUT\"}", 1.0)
                .containsEntry("longrun_chains_ended_total{state=\"SUCCEEDED\"}", 1.0)
                .containsEntry("longrun_resubmission_latency_seconds_count", 1.0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Prometheus.parse(longrun.get("/actuator/prometheus")))
                        .containsEntry("longrun_chains{state=\"SUCCEEDED\"}", 1.0)
                        .containsEntry("longrun_chains{state=\"ACTIVE\"}", 0.0));
        assertThat(metrics.get("longrun_resubmission_latency_seconds_max")).as("ending seen to new job accepted")
                .isLessThan(5.0);
        assertThat(metrics.get("longrun_poll_cycle_seconds_count")).isGreaterThan(10.0);
        assertThat(metrics.get("longrun_poll_last_success_seconds"))
                .isGreaterThan(System.currentTimeMillis() / 1000.0 - 60);
        assertThat(Prometheus.names(metrics)).as("every metric the dashboard and alerts use is exported")
                .containsAll(ObservabilityFiles.referencedApplicationMetricNames());
    }

    static boolean isTerminal(String state) {
        return List.of("SUCCEEDED", "FAILED", "EXHAUSTED", "CANCELLED").contains(state);
    }
}
