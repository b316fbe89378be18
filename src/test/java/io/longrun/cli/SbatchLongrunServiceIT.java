package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.longrun.support.DevCluster;
import io.longrun.support.LongrunClient;
import io.longrun.support.OnDevCluster;
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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The old tool's demonstration ({@link OldToolDemo}) through {@code sbatch_longrun} in service mode, on the dev
 * cluster: the first job times out, Longrun resubmits it appending to the same log, the second resumes from the
 * checkpoint and completes, and the printed lines tell that story in the old tool's words.
 * {@link SbatchLongrunStandaloneIT} shows the same without a service. Also: the words after the script are the
 * script's arguments.
 */
@Execution(ExecutionMode.CONCURRENT)
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = cli(out, err);

        int exit = assertTimeoutPreemptively(Duration.ofMinutes(8), () -> cli.run("sbatch_longrun",
                OldToolDemo.arguments("--chdir=" + directory)));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode chain = chainNamed(OldToolDemo.SCRIPT_NAME);
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

    /**
     * {@code sbatch_longrun [options] script arg…}: the words after the script reach the job as {@code $1 $2 …}
     * exactly, wrapper options there included ({@code --detached} is the script's: the command still follows the
     * chain to its end).
     */
    @Test
    void theWordsAfterTheScriptAreTheJobsArguments() throws Exception {
        String directory = "/home/alice/longrun-it/sbatch-longrun-args-" + UUID.randomUUID();
        DevCluster.as("alice", null, "mkdir", "-p", directory).orThrow();
        Files.writeString(submitDir.resolve("args.sbatch"),
                "#!/bin/bash\n#SBATCH --time=1\nprintf '<%s>\\n' \"$#\" \"$@\"\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = cli(out, err);
        List<String> arguments = List.of("--detached", "x", "a b", "", "$HOME", "*", "--time=5", "-n");
        List<String> words = new ArrayList<>(List.of("--max-restarts", "2", "--chdir=" + directory, "args.sbatch"));
        words.addAll(arguments);

        int exit = assertTimeoutPreemptively(Duration.ofMinutes(4), () -> cli.run("sbatch_longrun", words));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("Job completed successfully.");
        JsonNode chain = chainNamed("args.sbatch");
        List<String> stored = new ArrayList<>();
        chain.get("scriptArguments").forEach(word -> stored.add(word.asString()));
        assertThat(stored).containsExactlyElementsOf(arguments);
        assertThat(chain.get("maxRestarts").asInt()).isEqualTo(2);
        long job = chain.get("attempts").get(0).get("jobId").asLong();
        StringBuilder expected = new StringBuilder("<" + arguments.size() + ">\n");
        arguments.forEach(argument -> expected.append('<').append(argument).append(">\n"));
        assertThat(DevCluster.hostPath(directory + "/slurm-" + job + ".out")).content().isEqualTo(expected.toString());
    }

    /** The command line in service mode, as alice with her own Slurm token (what `scontrol token` gives her). */
    private Cli cli(ByteArrayOutputStream out, ByteArrayOutputStream err) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LONGRUN_URL", "http://127.0.0.1:" + port);
        env.put("LONGRUN_USER", "alice");
        env.put("LONGRUN_TOKEN", DevCluster.token("alice"));
        return new Cli(env, submitDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Cli.Apis::standard);
    }

    /** The one chain of this test class with that name (the tests run side by side on one service). */
    private JsonNode chainNamed(String name) throws Exception {
        List<JsonNode> named = new ArrayList<>();
        JsonMapper.builder().build().readTree(new LongrunClient(port).get("/chains")).forEach(chain -> {
            if (name.equals(chain.get("name").asString())) {
                named.add(chain);
            }
        });
        assertThat(named).hasSize(1);
        return named.get(0);
    }
}
