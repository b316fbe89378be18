package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.longrun.support.DevCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The old tool's demonstration ({@link OldToolDemo}) in standalone mode: no Longrun service, no LONGRUN_URL; the
 * launchers the build puts in {@code target/bin} run as separate processes, and the first one starts the test's own
 * engine in the background (H2 under its own {@code LONGRUN_HOME}, Slurm through sbatch/squeue/sacct/scancel run as
 * alice in the dev cluster).
 * The submission directory has the same path on the host (where the commands run) and in the cluster (where sbatch
 * and the jobs run), as a shared file system gives a login node.
 */
@Execution(ExecutionMode.CONCURRENT)
class SbatchLongrunStandaloneIT {
    private static final Path BIN = Path.of("target/bin").toAbsolutePath();
    /** Generous: on a busy cluster a job may wait for a node, and a busy machine starts the engine slowly. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(8);

    @TempDir
    Path home;

    String directory;
    final Map<Process, Path> outputs = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<Process, Path> errors = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void clusterRunning() {
        DevCluster.assumeRunning();
    }

    @BeforeEach
    void submissionDirectory() throws IOException {
        directory = "/tmp/longrun-standalone-it-" + UUID.randomUUID();
        DevCluster.as("alice", null, "mkdir", "-p", directory).orThrow();
        Files.createDirectories(Path.of(directory));
        Files.writeString(Path.of(directory, OldToolDemo.SCRIPT_NAME), OldToolDemo.SCRIPT);
    }

    @AfterEach
    void cleanUp() throws IOException {
        // Only the engine this test's commands started (its own LONGRUN_HOME).
        EngineHome.Announcement engine = new EngineHome(home).announced();
        if (engine != null && engine.mayRun()) {
            ProcessHandle.of(engine.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        DevCluster.as("alice", null, "rm", "-rf", directory);
        try (var files = Files.walk(Path.of(directory))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void theOldToolsDemonstrationRunsWithTheEngineInTheCommand() throws Exception {
        Run run = run("sbatch_longrun", OldToolDemo.arguments());

        assertThat(run.exit()).as(run.toString()).isZero();
        List<String> messages = OldToolDemo.messages(run.stdout());
        long first = OldToolDemo.jobId(messages, "Job submitted with ID: ");
        long second = OldToolDemo.jobId(messages, "status=TIMEOUT job with ID: ");
        assertThat(messages).containsExactlyElementsOf(OldToolDemo.story(first, second));
        String log = Files.readString(DevCluster.hostPath(directory + "/slurm-" + first + ".out"));
        assertThat(DevCluster.hostPath(directory + "/slurm-" + second + ".out")).doesNotExist();
        OldToolDemo.assertOneLogResumedFromTheCheckpoint(log, first, second);
        assertThat(jobsOfChainTag()).as("jobs tagged longrun:* in " + directory).hasSize(2);
    }

    @Test
    void detachedReturnsAtOnceAndAKilledEngineIsReplacedByTheNextCommandWithoutASecondJob() throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--detached"));
        arguments.addAll(OldToolDemo.arguments());
        Run detached = run("sbatch_longrun", arguments);

        // Returns once the job is submitted: the job id, who keeps the chain and where its log is, the chain id last.
        assertThat(detached.exit()).as(detached.toString()).isZero();
        List<String> printed = detached.stdout().lines().toList();
        String chain = printed.get(printed.size() - 1);
        long first = OldToolDemo.jobId(OldToolDemo.messages(String.join("\n", printed.subList(0, 2))),
                "Job submitted with ID: ");
        Path chainLog = home.resolve("logs/" + chain + ".log");
        assertThat(printed.get(1)).contains("is kept by Longrun's engine on this machine")
                .contains("(log: " + chainLog + ")");
        assertThat(detached.stderr()).contains("Starting Longrun's engine on this machine");
        long engine = enginePid();
        // In a session of its own, so the terminal's hangup never reaches it; reading nothing.
        assertThat(sessionOf(engine)).isEqualTo(engine);
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + engine + "/fd/0"))).isEqualTo(Path.of("/dev/null"));

        // The engine has logged the first events (CREATED, SUBMITTED) when it is killed, the job still running.
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(chainLog)
                && Files.readAllLines(chainLog).size() >= 2);
        new ProcessBuilder("kill", "-9", Long.toString(engine)).inheritIO().start().waitFor();
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(engine).isEmpty());

        // The next longrun command starts a new engine, which takes the chain over.
        Run status = run("longrun", List.of("status", chain.substring(0, 8)));
        assertThat(status.exit()).as(status.toString()).isZero();
        assertThat(status.stdout()).startsWith("chain " + chain.substring(0, 8) + " ACTIVE");
        assertThat(status.stderr()).contains("Starting Longrun's engine on this machine");
        long successor = enginePid();
        assertThat(successor).isNotEqualTo(engine);

        String log = await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                .until(() -> Files.readString(chainLog), text -> text.contains("Job completed successfully."));

        // One second job, not two: the successor caught up with the ending and resubmitted once.
        List<String> messages = OldToolDemo.messages(log);
        long second = OldToolDemo.jobId(messages, "status=TIMEOUT job with ID: ");
        assertThat(messages.stream().filter(m -> !m.startsWith("DEBUG")).toList())
                .containsExactlyElementsOf(OldToolDemo.story(first, second));
        assertThat(jobsOfChainTag()).hasSize(2);

        // Every event of the chain's history is in the log, once, as `longrun events` tells it.
        Run events = run("longrun", List.of("events", chain));
        assertThat(events.exit()).as(events.toString()).isZero();
        assertThat(events.stderr()).doesNotContain("Starting");
        assertThat(log.lines().toList()).containsExactlyElementsOf(events.stdout().lines().toList());
        OldToolDemo.assertOneLogResumedFromTheCheckpoint(
                Files.readString(DevCluster.hostPath(directory + "/slurm-" + first + ".out")), first, second);

        // With no live chain and no command for a minute (LONGRUN_ENGINE_IDLE_MINUTES=1), the engine stops itself.
        await().atMost(Duration.ofMinutes(3)).until(() -> ProcessHandle.of(successor).isEmpty());
        assertThat(home.resolve("run/engine.properties")).doesNotExist();
    }

    @Test
    void ctrlCStopsFollowingNotTheChain() throws Exception {
        // Words after the script are its arguments (a wrapper option among them), passed through the CLI adapter.
        Files.writeString(Path.of(directory, "short.sh"), "#!/bin/bash\nprintf '<%s>\\n' \"$@\"\nsleep 20\necho done\n");
        Process foreground = start("sbatch_longrun", List.of("--time=2", "short.sh", "a b", "--detached", ""));
        Path out = outputs.get(foreground);
        await().atMost(COMMAND_TIMEOUT).until(() -> Files.readString(out).contains("Monitoring job"));

        // Ctrl-C; a command started in the background of a non-interactive shell ignores SIGINT, and then
        // the JVM does too: SIGTERM runs the same shutdown path.
        String signal = ignoresSigint(foreground.pid()) ? "-TERM" : "-INT";
        new ProcessBuilder("kill", signal, Long.toString(foreground.pid())).inheritIO().start().waitFor();
        assertThat(foreground.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(errors.get(foreground))).contains("Stopped following; the chain goes on")
                .contains("longrun follow ");

        String chain = run("longrun", List.of("list")).stdout().lines().skip(1).findFirst().orElseThrow()
                .split("\\s+")[0];
        Run follow = run("longrun", List.of("follow", chain));
        assertThat(follow.exit()).as(follow.toString()).isZero();
        assertThat(follow.stdout()).contains("SUCCESS : Job completed successfully.");
        long job = OldToolDemo.jobId(OldToolDemo.messages(follow.stdout()), "Job submitted with ID: ");
        assertThat(Files.readString(DevCluster.hostPath(directory + "/slurm-" + job + ".out")))
                .isEqualTo("<a b>\n<--detached>\n<>\ndone\n");
    }

    /** Runs a launcher from target/bin in the submission directory, as alice would on a login node. */
    Run run(String launcher, List<String> arguments) throws Exception {
        Process process = start(launcher, arguments);
        Path out = outputs.get(process);
        Path err = errors.get(process);
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(launcher + " " + arguments + " did not end within " + COMMAND_TIMEOUT + ": "
                    + Files.readString(out) + Files.readString(err) + engineLog());
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Starts a launcher from target/bin in the submission directory, its output to files of the test's. */
    Process start(String launcher, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(BIN.resolve(launcher).toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of(directory).toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(environment());
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        outputs.put(process, out);
        errors.put(process, err);
        return process;
    }

    /** The running engine's process id, as it announced itself. */
    long enginePid() {
        return await().atMost(Duration.ofMinutes(1)).until(() -> new EngineHome(home).announced(),
                announced -> announced != null && announced.mayRun()).pid();
    }

    /** The end of the engine's own log, to tell why a command did not end. */
    String engineLog() throws IOException {
        Path log = home.resolve("logs/engine.log");
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log);
        return "\nengine.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("LANG", "C.UTF-8");
        env.put("HOME", System.getProperty("user.home"));
        env.put("LONGRUN_HOME", home.toString());
        env.put("LONGRUN_USER", "alice");
        env.put("LONGRUN_ENGINE_IDLE_MINUTES", "1");
        // alice's commands run in the dev cluster, as the cluster's login nodes would run them
        env.put("LONGRUN_SLURM_CLI_COMMAND_PREFIX",
                Path.of("docker/slurm-dev/slurm-dev").toAbsolutePath() + ",as,{user}");
        return env;
    }

    /** The jobs submitted from this test's directory with a Longrun tag, as accounting records them. */
    List<String> jobsOfChainTag() {
        // slurmdbd learns of a job a moment after slurmctld: wait for the two expected, then count them all
        return await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).until(() -> DevCluster.as(
                        "alice", null, "sacct", "--noheader", "--allocations", "--parsable2", "--user=alice",
                        "--starttime=now-1hours", "--format=JobID,WorkDir,Comment").orThrow().stdout().lines()
                .filter(line -> line.contains("|" + directory + "|longrun:")).toList(), jobs -> jobs.size() >= 2);
    }

    static boolean ignoresSigint(long pid) throws IOException {
        String ignored = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0").substring(7).strip();
        return (Long.parseLong(ignored, 16) & 0x2) != 0;
    }

    static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.UTF_8);
        // pid (comm) state ppid pgrp session ...
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }

    record Run(int exit, String stdout, String stderr) {
    }
}
