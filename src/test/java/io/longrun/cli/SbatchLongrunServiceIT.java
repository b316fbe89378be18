package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.longrun.support.DevCluster;
import io.longrun.support.OnDevCluster;
import io.longrun.support.LongrunClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The old tool's demonstration ({@link OldToolDemo}) through {@code sbatch_longrun} in service mode, on the dev
 * cluster: the first job times out, Longrun resubmits it appending to the same log, the second resumes from the
 * checkpoint and completes, and the printed lines tell that story in the old tool's words.
 * {@link SbatchLongrunStandaloneIT} shows the same without a service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sbatch-longrun-it;DB_CLOSE_DELAY=-1",
        "longrun.poll.interval=2s",
        "longrun.submit.retry-delay=5s"})
class SbatchLongrunServiceIT extends OnDevCluster {
    @LocalServerPort
    int port;

    @TempDir
    Path submitDir;

    @Test
    void theOldToolsDemonstrationTimesOutIsResubmittedResumesAndCompletes() throws Exception {
        String directory = "/home/alice/longrun-it/sbatch-longrun-" + UUID.randomUUID();
        DevCluster.as("alice", null, "mkdir", "-p", directory).orThrow();
        Files.writeString(submitDir.resolve(OldToolDemo.SCRIPT_NAME), OldToolDemo.SCRIPT);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LONGRUN_URL", "http://127.0.0.1:" + port);
        env.put("LONGRUN_USER", "alice");
        // What `scontrol token` gives alice on a login node.
        env.put("LONGRUN_TOKEN", DevCluster.token("alice"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(env, submitDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Cli.Apis::standard);

        int exit = assertTimeoutPreemptively(Duration.ofMinutes(8), () -> cli.run("sbatch_longrun",
                OldToolDemo.arguments("--chdir=" + directory)));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode chains = JsonMapper.builder().build().readTree(new LongrunClient(port).get("/chains"));
        assertThat(chains.size()).isEqualTo(1);
        JsonNode chain = chains.get(0);
        long first = chain.get("attempts").get(0).get("jobId").asLong();
        long second = chain.get("attempts").get(1).get("jobId").asLong();

        // The printed lines, without their timestamps, are the old tool's story.
        assertThat(OldToolDemo.messages(printed)).containsExactlyElementsOf(OldToolDemo.story(first, second));

        // The sbatch options reached Longrun unchanged; the job is named after the script, as sbatch names it.
        List<String> args = new ArrayList<>();
        chain.get("args").forEach(arg -> args.add(arg.asString()));
        assertThat(args).containsExactly("--job-name=run_job.sbatch", "--signal=SIGTERM@20", "--time=1",
                "--chdir=" + directory);
        assertThat(chain.get("name").asString()).isEqualTo("run_job.sbatch");

        // One log, appended to by the resubmission, which resumed from the checkpoint.
        String log = Files.readString(DevCluster.hostPath(directory + "/slurm-" + first + ".out"));
        assertThat(DevCluster.hostPath(directory + "/slurm-" + second + ".out")).doesNotExist();
        OldToolDemo.assertOneLogResumedFromTheCheckpoint(log, first, second);
    }
}
