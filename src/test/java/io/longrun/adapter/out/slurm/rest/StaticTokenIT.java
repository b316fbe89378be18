package io.longrun.adapter.out.slurm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.longrun.domain.JobStatus;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.SlurmJobState;
import io.longrun.domain.sbatch.ParseContext;
import io.longrun.domain.sbatch.SbatchParser;
import io.longrun.support.DevCluster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authenticating-proxy model on the real slurmrestd: one SlurmUser token from {@code slurm-dev token slurm} in a
 * file, and the job is bob's because {@code X-SLURM-USER-NAME} says so.
 */
class StaticTokenIT {
    @TempDir
    static Path dir;

    @BeforeAll
    static void clusterRunning() {
        DevCluster.assumeRunning();
    }

    @Test
    void aSlurmUserTokenSubmitsReadsAndCancelsAsTheChainsUser() throws Exception {
        // as 'scontrol token' prints it: SLURM_JWT=...
        Path tokenFile = Files.writeString(dir.resolve("token"),
                DevCluster.cluster("token", "slurm", "600").orThrow().stdout());
        SlurmRestGateway gateway = SlurmRestConfiguration.gateway(RestClient.builder(),
                new SlurmRestProperties(URI.create(DevCluster.restUrl()), null, tokenFile, Duration.ofMinutes(10),
                        "slurm", Duration.ofSeconds(5), Duration.ofSeconds(30)),
                new StaticTokenFile(tokenFile));
        String script = "#!/bin/bash\n#SBATCH -J static-token --hold\nsleep 1\n";

        long jobId = gateway.submit(new JobSubmission(UUID.randomUUID(), 1, "bob", script, "/home/bob",
                Map.of("PATH", "/usr/bin:/bin"), SbatchParser.parse(script, List.of(), ParseContext.of(Clock.systemUTC())),
                "/dev/null", null, false, "longrun:static-token:1"));

        String shown = DevCluster.as("bob", null, "scontrol", "show", "job", "--json", Long.toString(jobId)).orThrow()
                .stdout();
        assertThat(JsonMapper.builder().build().readTree(shown).get("jobs").get(0).get("user_name").asString())
                .isEqualTo("bob");
        assertThat(gateway.states(List.of(jobId)).get(jobId).state()).isEqualTo(SlurmJobState.PENDING);
        gateway.cancel(jobId, "bob");
        JobStatus cancelled = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.job(jobId, "bob").orElseThrow(), JobStatus::isFinal);
        assertThat(cancelled.state()).isEqualTo(SlurmJobState.CANCELLED);
        gateway.ping();
    }
}
