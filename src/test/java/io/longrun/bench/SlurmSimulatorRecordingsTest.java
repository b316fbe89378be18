package io.longrun.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark simulator answers in the shapes the real slurmrestd answered with (the recordings in
 * {@code src/test/resources/slurmrestd/recorded}): the same status codes, every field Longrun reads present with
 * the same JSON type (and the same states), and no field the real slurmrestd does not send. A change of
 * the recordings or of the simulator that makes them disagree fails here.
 */
class SlurmSimulatorRecordingsTest {
    private static final Path RECORDED = Path.of("src/test/resources/slurmrestd/recorded");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SCRIPT = "#!/bin/bash\\necho hi\\n";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T08:00:00Z").toEpochMilli());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SlurmSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    /** A simulator whose every job pends 1 ms, runs 2 minutes and ends with this ending. */
    private SlurmSimulator simulator(String ending, double resubmitShare) throws IOException {
        SlurmSimulator.Profile profile = new SlurmSimulator.Profile(1, 1, 120_000, 0, 300_000, Map.of(ending, 1), 99,
                resubmitShare, false);
        simulator = new SlurmSimulator(profile, clock, 0, 2);
        simulator.startServer();
        return simulator;
    }

    @Test
    void submitAndBatchedStatesLookLikeSlurms() throws Exception {
        simulator("COMPLETED", 0);
        Reply submitted = submit();
        compare("submit-ok", submitted, List.of("/job_id", "/errors", "/warnings"));
        long running = submitted.json().path("job_id").asLong();
        long completed = submit().json().path("job_id").asLong();
        clock.advance(1_000);
        simulator.cancel(running);
        clock.advance(200_000);   // the other job has COMPLETED by now
        // Recorded: job 5 RUNNING, job 4 COMPLETED; here the first is CANCELLED (the state array is what matters).
        Reply states = get("/slurm/v0.0.42/jobs/state/?job_id=" + running + "&job_id=" + completed);
        compare("jobs-state", states, List.of("/jobs/0/job_id", "/jobs/0/state", "/jobs/1/job_id", "/jobs/1/state",
                "/errors", "/warnings"));
        assertThat(states.json().path("jobs").get(1).path("state").get(0).asString()).isEqualTo("COMPLETED");
        Reply comma = get("/slurm/v0.0.42/jobs/state/?job_id=" + running + "," + completed);
        assertThat(comma.status()).isEqualTo(recordedStatus("jobs-state-comma"));
        assertThat(comma.body()).isEqualTo(Files.readString(RECORDED.resolve("jobs-state-comma.txt")).strip());
    }

    @Test
    void jobDetailsLookLikeSlurms() throws Exception {
        simulator("TIMEOUT", 0);
        long id = submit().json().path("job_id").asLong();
        List<String> read = List.of("/jobs/0/job_id", "/jobs/0/job_state", "/jobs/0/exit_code/return_code/set",
                "/jobs/0/exit_code/return_code/number", "/jobs/0/start_time/set", "/jobs/0/start_time/number",
                "/jobs/0/end_time/set", "/jobs/0/end_time/number", "/jobs/0/comment", "/jobs/0/user_name", "/errors");
        clock.advance(10_000);
        Reply running = get("/slurm/v0.0.42/job/" + id);
        compare("job-get-running", running, read);
        clock.advance(61 * 60_000);   // --time unset: an hour (and a little), then TIMEOUT
        Reply timedOut = get("/slurm/v0.0.42/job/" + id);
        compare("job-get-timeout", timedOut, read);
        assertThat(timedOut.json().at("/jobs/0/exit_code/return_code/set").asBoolean()).isFalse();

        Reply accounted = get("/slurmdb/v0.0.42/job/" + id);
        compare("slurmdb-job-timeout", accounted, List.of("/jobs/0/job_id", "/jobs/0/state/current",
                "/jobs/0/exit_code/return_code/set", "/jobs/0/exit_code/return_code/number", "/jobs/0/time/start",
                "/jobs/0/time/end", "/jobs/0/time/submission", "/jobs/0/restart_cnt", "/jobs/0/comment/job", "/errors"));

        clock.advance(300_000);       // MinJobAge passed: slurmctld forgot it, accounting did not
        compare("job-get-missing", get("/slurm/v0.0.42/job/" + id), List.of("/jobs", "/errors/0/error_number"));
        assertThat(get("/slurmdb/v0.0.42/job/" + id).json().at("/jobs/0/state/current/0").asString()).isEqualTo("TIMEOUT");
        assertThat(get("/slurm/v0.0.42/jobs/state/?job_id=" + id).json().path("jobs").size()).isZero();
        compare("slurmdb-job-missing", get("/slurmdb/v0.0.42/job/9999999"), List.of("/jobs", "/errors"));
    }

    @Test
    void completedCancelledAndPingLookLikeSlurms() throws Exception {
        simulator("COMPLETED", 0);
        long completed = submit().json().path("job_id").asLong();
        long cancelled = submit().json().path("job_id").asLong();
        clock.advance(10_000);
        compare("cancel", delete("/slurm/v0.0.42/job/" + cancelled), List.of("/errors", "/warnings"));
        compare("cancel-missing", delete("/slurm/v0.0.42/job/9999999"), List.of("/errors"));
        clock.advance(200_000);
        List<String> read = List.of("/jobs/0/job_state", "/jobs/0/exit_code/return_code/set",
                "/jobs/0/exit_code/return_code/number", "/jobs/0/start_time/number", "/jobs/0/end_time/number");
        compare("job-get-completed", get("/slurm/v0.0.42/job/" + completed), read);
        compare("job-get-cancelled", get("/slurm/v0.0.42/job/" + cancelled), read);
        compare("slurmdb-job", get("/slurmdb/v0.0.42/job/" + completed), List.of("/jobs/0/state/current",
                "/jobs/0/exit_code/return_code/number", "/jobs/0/time/end"));
        compare("ping", get("/slurm/v0.0.42/ping/"), List.of("/pings/0/responding", "/pings/0/hostname",
                "/pings/0/pinged", "/errors"));
    }

    @Test
    void countsRequestsPerEndpointAndRefusesUnauthenticatedOnes() throws Exception {
        simulator("COMPLETED", 0);
        submit();
        get("/slurm/v0.0.42/jobs/state/?job_id=1001");
        get("/slurm/v0.0.42/jobs/state/?job_id=1001");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(simulator.url()
                + "/slurm/v0.0.42/job/4")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(recordedStatus("auth-missing"));
        assertThat(simulator.requestCounts()).containsEntry("submit", 1L).containsEntry("jobs/state", 2L);
    }

    // ------------------------------------------------------------------------------------------ comparison

    /**
     * Same status; the fields Longrun reads present in both with the same type; and every field the simulator
     * sends is one the real slurmrestd sent, with the same type (array elements compared with the first).
     */
    private static void compare(String recording, Reply simulated, List<String> readByLongrun) throws IOException {
        JsonNode recorded = JSON.readTree(Files.readString(RECORDED.resolve(recording + ".json")));
        assertThat(simulated.status()).as(recording + ": status").isEqualTo(recordedStatus(recording));
        for (String pointer : readByLongrun) {
            JsonNode mine = simulated.json().at(pointer);
            JsonNode theirs = recorded.at(pointer);
            assertThat(theirs.isMissingNode()).as(recording + ": recording has " + pointer).isFalse();
            assertThat(mine.isMissingNode()).as(recording + ": simulator sends " + pointer).isFalse();
            assertThat(mine.getNodeType()).as(recording + ": type of " + pointer).isEqualTo(theirs.getNodeType());
            if (pointer.endsWith("state") || pointer.endsWith("state/current")) {
                assertThat(mine.get(0).getNodeType()).as(recording + ": " + pointer + " elements")
                        .isEqualTo(theirs.get(0).getNodeType());
            }
        }
        Map<String, String> theirs = shape(recorded);
        shape(simulated.json()).forEach((path, type) -> {
            assertThat(theirs).as(recording + ": the real slurmrestd sends " + path).containsKey(path);
            assertThat(type).as(recording + ": type of " + path).isEqualTo(theirs.get(path));
        });
    }

    private static Map<String, String> shape(JsonNode root) {
        Map<String, String> paths = new TreeMap<>();
        shape(root, "", paths);
        return paths;
    }

    private static void shape(JsonNode node, String path, Map<String, String> paths) {
        if (node.isObject()) {
            paths.put(path.isEmpty() ? "/" : path, "OBJECT");
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                shape(field.getValue(), path + "/" + field.getKey(), paths);
            }
        } else if (node.isArray()) {
            paths.put(path, "ARRAY");
            for (JsonNode element : node) {
                shape(element, path + "/*", paths);
            }
        } else if (!node.isNull()) {
            paths.putIfAbsent(path, node.getNodeType().name());
        }
    }

    private static int recordedStatus(String recording) throws IOException {
        JsonNode index = JSON.readTree(Files.readString(RECORDED.resolve("index.json")));
        return index.path("responses").path(recording).path("status").asInt();
    }

    // ------------------------------------------------------------------------------------------ HTTP

    record Reply(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private Reply submit() throws Exception {
        String body = "{\"script\":\"" + SCRIPT + "\",\"job\":{\"name\":\"rec\",\"comment\":\"longrun:c1:1\","
                + "\"current_working_directory\":\"/home/alice\",\"environment\":[\"PATH=/bin\",\"SLURM_LONGRUN_CHAIN_ID=c1\"]}}";
        return send(HttpRequest.newBuilder(uri("/slurm/v0.0.42/job/submit"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
    }

    private Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private Reply delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    private Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.header("X-SLURM-USER-NAME", "alice")
                .header("X-SLURM-USER-TOKEN", "any").build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    private URI uri(String path) {
        return URI.create(simulator.url() + path);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        void advance(long by) {
            millis += by;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
