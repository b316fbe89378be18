package io.longrun.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.longrun.support.DevCluster;
import io.longrun.support.OnDevCluster;
import io.longrun.support.LongrunClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Slurm requeues a running job itself (as after a node failure with {@code --requeue}: same id, back to PENDING,
 * {@code restart_cnt} up). Longrun records it and never submits a second copy; the job runs again and the chain
 * completes with its one attempt. (The requeue is made with {@code scontrol requeue}: setting the shared node
 * DOWN would kill the other tests' jobs.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:requeue-it;DB_CLOSE_DELAY=-1",
        "longrun.poll.interval=1s",
        "longrun.poll.tick=1s"})
class SlurmRequeueIT extends OnDevCluster {

    @LocalServerPort
    int port;


    @Test
    void aJobSlurmRequeuesIsNeverSubmittedTwice() {
        String directory = "/home/alice/longrun-it/requeue-" + UUID.randomUUID();
        DevCluster.as("alice", null, "mkdir", "-p", directory).orThrow();
        LongrunClient longrun = new LongrunClient(port, DevCluster.token("alice"));
        String script = "#!/bin/bash\n#SBATCH --requeue --time=5 --open-mode=append\n"
                + "echo \"run $SLURM_RESTART_COUNT of job $SLURM_JOB_ID\"\nsleep 20\necho done\n";
        JsonNode created = longrun.createChain(LongrunClient.request("alice", script, List.of(), directory, 3));
        String chainId = created.get("id").asString();
        long job = created.get("initialJobId").asLong();

        await().atMost(Duration.ofSeconds(60)).until(() ->
                "RUNNING".equals(longrun.chain(chainId).get("attempts").get(0).path("slurmState").asString("")));
        DevCluster.as("slurm", null, "scontrol", "requeue", Long.toString(job)).orThrow();

        JsonNode chain = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> longrun.chain(chainId),
                        node -> List.of("SUCCEEDED", "FAILED", "EXHAUSTED", "CANCELLED").contains(node.get("state").asString()));
        assertThat(chain.get("state").asString()).as(chain.toString()).isEqualTo("SUCCEEDED");
        assertThat(chain.get("attempts").size()).as("one attempt: Slurm reran the same job").isEqualTo(1);
        assertThat(chain.get("attempts").get(0).get("jobId").asLong()).isEqualTo(job);

        List<String> types = new ArrayList<>();
        for (JsonNode event : longrun.events(chainId)) {
            types.add(event.get("type").asString());
        }
        assertThat(types).contains("REQUEUED_BY_SLURM").doesNotContain("RESUBMITTING");
        assertThat(types.stream().filter("SUBMITTED"::equals).count()).isEqualTo(1);
    }
}
