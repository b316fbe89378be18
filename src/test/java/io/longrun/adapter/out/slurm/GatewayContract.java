package io.longrun.adapter.out.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.longrun.application.port.out.SlurmGateway;
import io.longrun.domain.JobStatus;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.SlurmJobState;
import io.longrun.domain.sbatch.ParseContext;
import io.longrun.domain.sbatch.SbatchParser;
import io.longrun.support.DevCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every {@link SlurmGateway} must do on a real Slurm, run against each adapter on the dev cluster: submit (the
 * job has the fields, the environment and the script arguments asked for), batched states, cancel, a TIMEOUT, and a job purged from
 * slurmctld read from accounting (the latest run of a requeued one). The one-minute TIMEOUT job starts first and the
 * other checks run while it does; the dev cluster purges finished jobs after {@code MinJobAge=10} s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class GatewayContract {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USER = "alice";

    private final String directory = "/home/alice/longrun-it/contract-" + adapter() + "-" + UUID.randomUUID();
    private final List<Long> submitted = new ArrayList<>();
    private SlurmGateway gateway;
    private long timeoutJob;
    private long requeuedJob;

    /** {@code rest} or {@code cli}: names the job directory and the jobs. */
    protected abstract String adapter();

    /** The gateway under test, on the dev cluster. */
    protected abstract SlurmGateway createGateway();

    @BeforeAll
    void startTheLongJobsFirst() {
        DevCluster.assumeRunning();
        DevCluster.as(USER, null, "mkdir", "-p", directory).orThrow();
        gateway = createGateway();
        timeoutJob = submit("#!/bin/bash\n#SBATCH --time=1 -J contract-timeout\nsleep 300\n", List.of());
        // runs long until it is requeued, then briefly: SLURM_RESTART_COUNT is set from the second run on
        requeuedJob = submit("#!/bin/bash\n#SBATCH -J contract-requeue --requeue --open-mode=append\n"
                + "echo \"run ${SLURM_RESTART_COUNT:-0}\"\nif [ -z \"$SLURM_RESTART_COUNT\" ]; then sleep 120; else sleep 2; fi\n",
                List.of());
    }

    @AfterAll
    void cancelLeftovers() {
        if (gateway != null) {
            submitted.forEach(jobId -> DevCluster.as(USER, null, "scancel", Long.toString(jobId)));
        }
    }

    @Test
    @Order(1)
    void aSubmittedJobHasTheFieldsItWasSubmittedWith() {
        long jobId = submit("#!/bin/bash\n#SBATCH -J contract-fields --time=7 --partition=debug --hold\nsleep 1\n",
                List.of("--nice=3"));

        JsonNode job = scontrol(jobId);
        assertThat(job.get("name").asString()).isEqualTo("contract-fields");
        assertThat(job.get("user_name").asString()).isEqualTo(USER);
        assertThat(job.get("partition").asString()).isEqualTo("debug");
        assertThat(job.get("time_limit").get("number").asInt()).isEqualTo(7);
        assertThat(job.get("nice").asInt()).isEqualTo(3);
        assertThat(job.get("comment").asString()).isEqualTo("longrun:contract:" + adapter());
        assertThat(job.get("current_working_directory").asString()).isEqualTo(directory);
        assertThat(job.get("standard_output").asString()).isEqualTo(directory + "/contract-fields.out");
        assertThat(job.get("job_state").toString()).contains("PENDING");
        assertThat(job.get("state_reason").asString()).isEqualTo("JobHeldUser");
        gateway.cancel(jobId, USER);
    }

    @Test
    @Order(2)
    void aJobSeesExactlyTheSubmissionsEnvironment() throws Exception {
        long jobId = submit("#!/bin/bash\n#SBATCH -J contract-env --output=env-%j.txt\nenv | sort\n", List.of());

        JobStatus ended = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> gateway.job(jobId, USER), status -> status.isPresent() && status.get().isFinal()).get();
        assertThat(ended.state()).isEqualTo(SlurmJobState.COMPLETED);
        assertThat(ended.exitCode()).isZero();
        Path output = DevCluster.hostPath(directory + "/env-" + jobId + ".txt");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(output));
        List<String> environment = Files.readAllLines(output);
        assertThat(environment).contains("CONTRACT=a,b \"c\" $HOME 'd'", "PATH=/usr/bin:/bin",
                "SLURM_LONGRUN_ATTEMPT=1", "EMPTY=", "SLURM_SUBMIT_DIR=" + directory);
        // nothing of Longrun's own environment or of the user switch
        assertThat(environment).noneMatch(line -> line.startsWith("HOME=") || line.startsWith("JAVA_HOME=")
                || line.startsWith("MAVEN") || line.startsWith("SUDO_") || line.startsWith("TZ="));
    }

    @Test
    @Order(2)
    void aJobGetsItsScriptArgumentsExactlyAsGiven() throws Exception {
        List<String> arguments = List.of("a b", "", "it's \"q\"", "$HOME", "${USER}", "$(id -u)", "*", "~", "--time=5",
                "-n", "--", "-J", "x\ny", "é");
        long jobId = submit("#!/bin/bash\n#SBATCH -J contract-args --output=args-%j.txt\nprintf '<%s>\\n' \"$#\" \"$@\"\n",
                List.of(), arguments);

        JobStatus ended = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> gateway.job(jobId, USER), status -> status.isPresent() && status.get().isFinal()).get();
        assertThat(ended.state()).isEqualTo(SlurmJobState.COMPLETED);
        Path output = DevCluster.hostPath(directory + "/args-" + jobId + ".txt");
        StringBuilder expected = new StringBuilder("<" + arguments.size() + ">\n");
        arguments.forEach(argument -> expected.append('<').append(argument).append(">\n"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(output)
                && Files.readString(output).equals(expected.toString()));
        // nothing of the way the script reached sbatch is left behind in the user's temporary directory
        try (var left = Files.list(DevCluster.hostPath("/tmp"))) {
            assertThat(left.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.startsWith("longrun-script."));
        }
    }

    @Test
    @Order(3)
    void statesOfManyJobsComeInOneCall() {
        List<Long> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(submit("#!/bin/bash\n#SBATCH -J contract-batch --hold\nsleep 1\n", List.of()));
        }
        List<Long> asked = new ArrayList<>(held);
        asked.add(timeoutJob);
        asked.add(999_999_999L);

        Map<Long, JobStatus> states = gateway.states(asked);

        assertThat(states).containsOnlyKeys(held.get(0), held.get(1), held.get(2), timeoutJob);
        held.forEach(jobId -> assertThat(states.get(jobId).state()).isEqualTo(SlurmJobState.PENDING));
        held.forEach(jobId -> gateway.cancel(jobId, USER));
    }

    @Test
    @Order(4)
    void aCancelledJobEndsCancelledAndCancellingItAgainDoesNoHarm() {
        long jobId = submit("#!/bin/bash\n#SBATCH -J contract-cancel --hold\nsleep 1\n", List.of());

        gateway.cancel(jobId, USER);

        JobStatus status = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.states(List.of(jobId)).get(jobId), state -> state != null && state.isFinal());
        assertThat(status.state()).isEqualTo(SlurmJobState.CANCELLED);
        gateway.cancel(jobId, USER);
        gateway.cancel(999_999_999L, USER);
    }

    @Test
    @Order(5)
    void aPurgedJobIsReadFromAccountingAsItsLatestRun() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.states(List.of(requeuedJob)).get(requeuedJob),
                        status -> status != null && status.state() == SlurmJobState.RUNNING);
        Path log = DevCluster.hostPath(directory + "/contract-requeue.out");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log) && Files.readString(log).contains("run 0"));
        DevCluster.as(USER, null, "scontrol", "requeue", Long.toString(requeuedJob)).orThrow();

        // slurmctld forgets it MinJobAge (10 s) after its second run ended
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2))
                .until(() -> DevCluster.as(USER, null, "scontrol", "show", "job", Long.toString(requeuedJob))
                        .exitCode() != 0);
        assertThat(gateway.states(List.of(requeuedJob))).isEmpty();

        // accounting may lag a few seconds behind
        JobStatus status = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> gateway.job(requeuedJob, USER), Optional::isPresent).get();
        assertThat(status.state()).as("the second run, not the first one's REQUEUED record")
                .isEqualTo(SlurmJobState.COMPLETED);
        assertThat(status.exitCode()).isZero();
        assertThat(status.endedAt()).isAfter(status.startedAt());
        assertThat(log).content().contains("run 0").contains("run 1");
    }

    @Test
    @Order(6)
    void aJobPastItsTimeLimitEndsTimeout() {
        JobStatus status = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2))
                .until(() -> gateway.job(timeoutJob, USER), job -> job.isPresent() && job.get().isFinal()).get();

        assertThat(status.state()).isEqualTo(SlurmJobState.TIMEOUT);
        assertThat(status.state().isRetryable()).isTrue();
        assertThat(Duration.between(status.startedAt(), status.endedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    }

    private long submit(String script, List<String> args) {
        return submit(script, args, List.of());
    }

    private long submit(String script, List<String> args, List<String> scriptArguments) {
        Clock clock = Clock.systemDefaultZone();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/usr/bin:/bin");
        environment.put("CONTRACT", "a,b \"c\" $HOME 'd'");
        environment.put("EMPTY", "");
        environment.put("SLURM_LONGRUN_ATTEMPT", "1");
        environment.put("SLURM_SUBMIT_DIR", directory); // as the planner sets it
        var options = SbatchParser.parse(script, args, new ParseContext(clock, ZoneId.systemDefault()));
        // a file per job: a job that does not append truncates its file when it starts
        String output = directory + "/" + options.output().orElse(options.jobName().orElse("contract") + ".out");
        long jobId = gateway.submit(new JobSubmission(UUID.randomUUID(), 1, USER, script, directory, environment, options,
                output, null, options.openMode().isPresent(), "longrun:contract:" + adapter(), scriptArguments));
        submitted.add(jobId);
        return jobId;
    }

    private static JsonNode scontrol(long jobId) {
        return JSON.readTree(DevCluster.as(USER, null, "scontrol", "show", "job", "--json", Long.toString(jobId))
                .orThrow().stdout()).get("jobs").get(0);
    }
}
