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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sbatch_longrun [options] script arg…} in service mode on the dev cluster: the words after the script reach
 * the job as {@code $1 $2 …} exactly, wrapper options there included ({@code --detached} is the script's: the command
 * still follows the chain to its end).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sbatch-longrun-args-it;DB_CLOSE_DELAY=-1",
        "longrun.poll.interval=2s"})
class SbatchLongrunScriptArgumentsIT extends OnDevCluster {
    @LocalServerPort
    int port;

    @TempDir
    Path submitDir;

    @Test
    void theWordsAfterTheScriptAreTheJobsArguments() throws Exception {
        String directory = "/home/alice/longrun-it/sbatch-longrun-args-" + UUID.randomUUID();
        DevCluster.as("alice", null, "mkdir", "-p", directory).orThrow();
        Files.writeString(submitDir.resolve("args.sbatch"),
                "#!/bin/bash\n#SBATCH --time=1\nprintf '<%s>\\n' \"$#\" \"$@\"\n");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LONGRUN_URL", "http://127.0.0.1:" + port);
        env.put("LONGRUN_USER", "alice");
        env.put("LONGRUN_TOKEN", DevCluster.token("alice"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(env, submitDir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, Cli.Apis::standard);
        List<String> arguments = List.of("--detached", "x", "a b", "", "$HOME", "*", "--time=5", "-n");
        List<String> words = new ArrayList<>(List.of("--max-restarts", "2", "--chdir=" + directory, "args.sbatch"));
        words.addAll(arguments);

        int exit = assertTimeoutPreemptively(Duration.ofMinutes(4), () -> cli.run("sbatch_longrun", words));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("Job completed successfully.");
        JsonNode chain = JsonMapper.builder().build().readTree(new LongrunClient(port).get("/chains")).get(0);
        List<String> stored = new ArrayList<>();
        chain.get("scriptArguments").forEach(word -> stored.add(word.asString()));
        assertThat(stored).containsExactlyElementsOf(arguments);
        assertThat(chain.get("maxRestarts").asInt()).isEqualTo(2);
        long job = chain.get("attempts").get(0).get("jobId").asLong();
        StringBuilder expected = new StringBuilder("<" + arguments.size() + ">\n");
        arguments.forEach(argument -> expected.append('<').append(argument).append(">\n"));
        assertThat(DevCluster.hostPath(directory + "/slurm-" + job + ".out")).content().isEqualTo(expected.toString());
    }
}
