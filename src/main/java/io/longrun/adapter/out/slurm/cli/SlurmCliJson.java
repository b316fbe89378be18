package io.longrun.adapter.out.slurm.cli;

import io.longrun.domain.JobTag;

import io.longrun.domain.JobStatus;
import io.longrun.domain.SlurmJobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code squeue --json} and {@code sacct --json} (Slurm 24.11: the data_parser v0.0.42 shapes slurmrestd
 * answers with). Read as a tree: only a few fields matter, and a newer Slurm's additions must not break it.
 */
final class SlurmCliJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SlurmCliJson() {
    }

    /** squeue: one status per job, with exit code and times once known. */
    static Map<Long, JobStatus> squeue(String json) {
        Map<Long, JobStatus> states = new LinkedHashMap<>();
        for (JsonNode job : JSON.readTree(json).path("jobs")) {
            long jobId = job.path("job_id").asLong();
            states.put(jobId, status(jobId, strings(job.path("job_state")), job.path("exit_code"),
                    epoch(job.path("start_time")), epoch(job.path("end_time")), job.path("nodes").asString(null),
                    job.path("state_reason").asString(null)));
        }
        return states;
    }

    /**
     * sacct: the job's latest run. A requeued job has a record per run (sacct shows the latest only unless asked for
     * duplicates); the latest has the highest restart count, then the latest submission.
     */
    static Optional<JobStatus> sacct(String json, long jobId) {
        List<JsonNode> runs = new ArrayList<>();
        JSON.readTree(json).path("jobs").forEach(runs::add);
        return runs.stream()
                .filter(run -> run.path("job_id").asLong() == jobId)
                .max(Comparator.comparingLong((JsonNode run) -> run.path("restart_cnt").asLong())
                        .thenComparingLong(run -> run.path("time").path("submission").asLong()))
                .map(run -> status(jobId, strings(run.path("state").path("current")), run.path("exit_code"),
                        seconds(run.path("time").path("start")), seconds(run.path("time").path("end")),
                        run.path("nodes").asString(null), run.path("state").path("reason").asString(null)));
    }

    /** squeue: the newest job of the user with this comment. */
    static Optional<Long> withComment(String json, String user, String comment) {
        return StreamSupport.stream(JSON.readTree(json).path("jobs").spliterator(), false)
                .filter(job -> JobTag.carriesTag(job.path("comment").asString(null), comment)
                        && user.equals(job.path("user_name").asString(null)))
                .map(job -> job.path("job_id").asLong())
                .max(Long::compare);
    }

    /** sacct (already limited to the user): the newest job with this comment. */
    static Optional<Long> withCommentInAccounting(String json, String comment) {
        return StreamSupport.stream(JSON.readTree(json).path("jobs").spliterator(), false)
                .filter(job -> JobTag.carriesTag(job.path("comment").path("job").asString(null), comment))
                .map(job -> job.path("job_id").asLong())
                .max(Long::compare);
    }

    private static JobStatus status(long jobId, List<String> state, JsonNode exit, Instant started, Instant ended,
                                    String nodes, String stateReason) {
        JsonNode returnCode = exit.path("return_code");
        Integer exitCode = returnCode.path("set").asBoolean(false) && returnCode.path("number").isNumber()
                ? returnCode.path("number").asInt() : null;
        return new JobStatus(jobId, SlurmJobState.fromSlurm(state), state, state.contains("COMPLETING"), exitCode,
                started, ended, nodes, stateReason);
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(node -> node.asString()).toList();
    }

    /** A {@code {"set": true, "number": epoch}} value. */
    private static Instant epoch(JsonNode value) {
        return value.path("set").asBoolean(false) ? seconds(value.path("number")) : null;
    }

    private static Instant seconds(JsonNode value) {
        return value.isNumber() && value.asLong() > 0 ? Instant.ofEpochSecond(value.asLong()) : null;
    }
}
