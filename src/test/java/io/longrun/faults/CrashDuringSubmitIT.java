package io.longrun.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.longrun.support.DevCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Longrun dies — a real process death, no cleanup — after Slurm accepted a job and before the database knew
 * its id. The restarted Longrun finds that job by its tag and adopts it: exactly one job exists for the attempt.
 */
class CrashDuringSubmitIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void clusterRunning() {
        DevCluster.assumeRunning();
    }

    @AfterEach
    void stopLongrun() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aJobSubmittedJustBeforeACrashIsAdoptedNotSubmittedAgain(@TempDir Path data) throws Exception {
        int port = freePort();
        Process doomed = longrun(data, port, true);
        awaitUp(port);

        String script = "#!/bin/bash\n#SBATCH --job-name=crash-test --time=5\nsleep 240\n";
        String body = JSON.writeValueAsString(java.util.Map.of("user", "alice", "script", script, "maxRestarts", 0));
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chains"))
                    .header("Content-Type", "application/json").header("Authorization", bearer()).POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException connectionLost) {
            // Expected: the process halted in the middle of the request.
        }
        assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(doomed.exitValue()).as("halted like a killed process").isEqualTo(137);

        // Restarted on the same database, without the fault.
        Process restarted = longrun(data, port, false);
        awaitUp(port);
        JsonNode chain = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> JSON.readTree(get(port, "/chains")).get(0),
                        node -> node != null && "ACTIVE".equals(node.get("state").asString()));
        String chainId = chain.get("id").asString();
        long jobId = chain.get("initialJobId").asLong();

        List<Long> tagged = jobsTagged("longrun:" + chainId + ":1");
        assertThat(tagged).as("exactly one job for the attempt").containsExactly(jobId);
        JsonNode events = JSON.readTree(get(port, "/chains/" + chainId + "/events"));
        assertThat(events.toString()).contains("ADOPTED").doesNotContain("\"SUBMITTED\"");

        post(port, "/chains/" + chainId + "/cancel");
        restarted.destroy();
        restarted.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * The jobs carrying the tag, live (squeue) or ended (accounting): on a loaded machine the restarted JVM can take
     * longer to start than the job runs, and an ended job leaves squeue after MinJobAge.
     */
    private List<Long> jobsTagged(String tag) {
        java.util.Set<Long> ids = new java.util.TreeSet<>();
        JsonNode live = JSON.readTree(DevCluster.as("alice", null, "squeue", "--json").orThrow().stdout()).get("jobs");
        for (JsonNode job : live) {
            if (tag.equals(job.path("comment").asString(""))) {
                ids.add(job.get("job_id").asLong());
            }
        }
        JsonNode recorded = JSON.readTree(DevCluster.as("alice", null, "sacct", "--json", "--allocations",
                "--user=alice", "--starttime=now-1hours").orThrow().stdout()).get("jobs");
        for (JsonNode job : recorded) {
            if (tag.equals(job.path("comment").path("job").asString(""))) {
                ids.add(job.get("job_id").asLong());
            }
        }
        return new ArrayList<>(ids);
    }

    private Process longrun(Path data, int port, boolean haltAfterSubmit) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar().toString(),
                "--server.port=" + port,
                // H2 writes commits out in the background after a delay (500 ms by default); a minute here, longer
                // than the test, so only the write Longrun forces before it submits can have kept the claim.
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("longrun") + ";WRITE_DELAY=60000",
                "--longrun.slurm.rest.jwt-key-file=" + DevCluster.keyPath(),
                "--longrun.poll.tick=1s", "--longrun.poll.interval=2s",
                // The crashed submission stays hidden from other submitters this long.
                "--longrun.submit.lease=5s",
                "--longrun.fault-injection.halt-after-submit=" + haltAfterSubmit));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("longrun-" + processes.size() + ".log").toFile()).start();
        processes.add(process);
        return process;
    }

    private static void awaitUp(int port) {
        // Generous: a JVM start on a loaded 2-core machine has taken more than 90 s.
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> get(port, "/actuator/health/liveness").contains("UP"));
    }

    /** alice's own Slurm token, as on a login node. */
    private static String bearer() {
        return "Bearer " + DevCluster.token("alice");
    }

    private static String get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", bearer())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void post(int port, String path) throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", bearer()).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(path -> path.getFileName().toString().matches("longrun-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no packaged jar in target/"));
        }
    }
}
