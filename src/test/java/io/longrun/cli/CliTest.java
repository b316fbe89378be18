package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sbatch_longrun and longrun against a Longrun that is a stand-in here (service mode). */
class CliTest {
    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final FakeLongrun longrun = new FakeLongrun();

    @BeforeEach
    void script() throws Exception {
        Files.writeString(dir.resolve("run_job.sbatch"), "#!/bin/bash\n#SBATCH --time=1\necho hi\n");
        Files.writeString(dir.resolve("named.sbatch"), "#!/bin/bash\n#SBATCH --job-name=mine\necho hi\n");
    }

    @Test
    void postsTheScriptAndSbatchArgsAsGivenAndFollowsTheChainToItsEnd() {
        int exit = cli(Map.of("LONGRUN_URL", "http://longrun", "LONGRUN_USER", "alice", "LONGRUN_TOKEN", "secret",
                "HOME", "/home/alice")).run("sbatch_longrun",
                List.of("--max-restarts", "5", "--signal=SIGTERM@20", "-t", "1", "run_job.sbatch"));

        assertThat(exit).isZero();
        LongrunApi.NewChainRequest request = longrun.created.get(0);
        assertThat(request.script()).isEqualTo("#!/bin/bash\n#SBATCH --time=1\necho hi\n");
        assertThat(request.args()).containsExactly("--job-name=run_job.sbatch", "--signal=SIGTERM@20", "-t", "1");
        assertThat(request.maxRestarts()).isEqualTo(5);
        assertThat(request.user()).isEqualTo("alice");
        assertThat(request.workingDirectory()).isEqualTo(dir.toString());
        assertThat(request.environment()).containsEntry("HOME", "/home/alice").doesNotContainKeys("LONGRUN_TOKEN",
                "LONGRUN_URL");
        assertThat(stdout()).extracting(line -> line.substring(22)).containsExactly(
                "SUCCESS : Job submitted with ID: 454600",
                "INFO    : Monitoring job 454600 (submission 1/6)",
                "INFO    : Job 454600 reached final state: TIMEOUT",
                "SUCCESS : Resubmitted based on status=TIMEOUT job with ID: 454609",
                "INFO    : Monitoring job 454609 (submission 2/6)",
                "INFO    : Job 454609 reached final state: COMPLETED",
                "SUCCESS : Job completed successfully.");
    }

    @Test
    void aJobNamedByTheScriptOrTheArgsKeepsItsName() {
        cli(Map.of("LONGRUN_URL", "http://longrun")).run("sbatch_longrun", List.of("named.sbatch"));
        cli(Map.of("LONGRUN_URL", "http://longrun")).run("sbatch_longrun", List.of("-J", "x", "run_job.sbatch"));

        assertThat(longrun.created.get(0).args()).isEmpty();
        assertThat(longrun.created.get(1).args()).containsExactly("-J", "x");
    }

    @Test
    void wordsAfterTheScriptAreTheScriptsArgumentsEvenWhenTheyLookLikeWrapperOptions() {
        int exit = cli(Map.of("LONGRUN_URL", "http://longrun")).run("sbatch_longrun",
                List.of("--max-restarts", "2", "run_job.sbatch", "--detached", "x"));

        assertThat(exit).isZero();
        LongrunApi.NewChainRequest request = longrun.created.get(0);
        assertThat(request.scriptArguments()).containsExactly("--detached", "x");
        assertThat(request.maxRestarts()).isEqualTo(2);
        assertThat(request.args()).containsExactly("--job-name=run_job.sbatch");
        assertThat(longrun.eventReads).as("not detached: --detached was the script's").isPositive();
    }

    @Test
    void scriptArgumentsGoOnUnchanged() {
        cli(Map.of("LONGRUN_URL", "http://longrun")).run("sbatch_longrun",
                List.of("-t", "5", "run_job.sbatch", "a b", "", "$HOME*", "--time=5", "-n", "--"));
        cli(Map.of("LONGRUN_URL", "http://longrun")).run("sbatch_longrun", List.of("run_job.sbatch"));

        assertThat(longrun.created.get(0).scriptArguments()).containsExactly("a b", "", "$HOME*", "--time=5", "-n", "--");
        assertThat(longrun.created.get(0).args()).containsExactly("--job-name=run_job.sbatch", "-t", "5");
        assertThat(longrun.created.get(1).scriptArguments()).isEmpty();
    }

    @Test
    void detachedReturnsAtOnceWithTheChainId() {
        int exit = cli(Map.of("LONGRUN_URL", "http://longrun")).run("sbatch_longrun",
                List.of("--detached", "run_job.sbatch"));

        assertThat(exit).isZero();
        assertThat(longrun.eventReads).isZero();
        List<String> lines = stdout();
        assertThat(lines.get(0)).endsWith("SUCCESS : Job submitted with ID: 100");
        assertThat(lines.get(1)).contains("longrun follow " + FakeLongrun.ID);
        assertThat(lines.get(2)).isEqualTo(FakeLongrun.ID);
    }

    @Test
    void aChainThatDoesNotSucceedIsANonZeroExit() {
        longrun.story = List.of(
                new EventView(EventPrinterTest.T, "SUBMITTED", 1, 100L, null, null),
                new EventView(EventPrinterTest.T, "ATTEMPT_ENDED", 1, 100L, "FAILED", null),
                new EventView(EventPrinterTest.T, "CHAIN_ENDED", 1, null, "FAILED", "job 100 ended FAILED"));
        longrun.endState = "FAILED";

        int exit = cli(Map.of("LONGRUN_URL", "http://longrun")).run("sbatch_longrun", List.of("run_job.sbatch"));

        assertThat(exit).isEqualTo(Cli.CHAIN_NOT_SUCCEEDED);
        assertThat(stdout().get(stdout().size() - 1)).endsWith("WARNING : Job finished with state: FAILED"
                + " (chain FAILED: job 100 ended FAILED)");
    }

    @Test
    void longrunCommandsAcceptTheStartOfAnId() {
        Cli cli = cli(Map.of("LONGRUN_URL", "http://longrun"));

        assertThat(cli.run("longrun", List.of("status", FakeLongrun.ID.substring(0, 6)))).isZero();
        assertThat(stdout().get(0)).isEqualTo("chain 3f2a9c1e ACTIVE · submission 2/6 · job 101 RUNNING");
        assertThat(cli.run("longrun", List.of("follow", FakeLongrun.ID))).isZero();
        assertThat(cli.run("longrun", List.of("cancel", FakeLongrun.ID))).isZero();
        assertThat(longrun.cancelled).containsExactly(FakeLongrun.ID);
        assertThat(cli.run("longrun", List.of("status", "zzz"))).isEqualTo(Cli.USAGE);
    }

    @Test
    void engineIsStandaloneModesOnly() {
        int exit = cli(Map.of("LONGRUN_URL", "http://longrun")).run("longrun", List.of("engine"));

        assertThat(exit).isEqualTo(Cli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the service keeps every chain");
    }

    @Test
    void aSecondEngineForTheSameHomeQuitsAtOnce() {
        Path home = dir.resolve("home");
        try (FileLocks.Lock held = FileLocks.tryLock(home.resolve("run/engine.lock"))) {
            assertThat(held).isNotNull();
            int exit = cli(Map.of("LONGRUN_HOME", home.toString())).run("longrun", List.of("engine"));

            assertThat(exit).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("Longrun's engine already runs for " + home);
        }
    }

    @Test
    void detachedSaysWhoKeepsTheChainAndWhereItsLogIs() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("job.sh"), "#!/bin/bash\necho hi\n");
        longrun.log = dir.resolve("logs/" + FakeLongrun.ID + ".log");
        int exit = cli(Map.of()).run("sbatch_longrun", List.of("--detached", "job.sh"));

        assertThat(exit).isZero();
        assertThat(stdout()).anySatisfy(line -> assertThat(line).contains("Chain " + FakeLongrun.ID
                + " is kept by Longrun at http://longrun/ (log: " + longrun.log + "); follow it with: longrun follow "
                + FakeLongrun.ID));
        assertThat(stdout().get(stdout().size() - 1)).isEqualTo(FakeLongrun.ID);
    }

    Cli cli(Map<String, String> env) {
        Cli cli = new Cli(env, dir, print(out), print(err), false, (e, tokenFile) -> longrun);
        cli.pollInterval = Duration.ZERO;
        return cli;
    }

    List<String> stdout() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    /** A chain that times out once and then completes, its events appearing one poll at a time. */
    static final class FakeLongrun implements LongrunApi {
        static final String ID = "3f2a9c1e-0000-4000-8000-000000000001";
        final List<NewChainRequest> created = new ArrayList<>();
        final List<String> cancelled = new ArrayList<>();
        List<EventView> story = EventPrinterTest.WALLTIME_STORY;
        String endState = "SUCCEEDED";
        int eventReads;
        int maxRestarts = 5;
        java.nio.file.Path log;

        @Override
        public java.nio.file.Path logOf(String chainId) {
            return log;
        }

        @Override
        public ChainView create(NewChainRequest request) {
            created.add(request);
            maxRestarts = request.maxRestarts();
            return view("ACTIVE", List.of(new ChainView.AttemptView(1, 100L, null, null)));
        }

        @Override
        public ChainView chain(String id) {
            boolean ended = eventReads >= story.size();
            return view(ended ? endState : "ACTIVE", List.of(new ChainView.AttemptView(1, 100L, "TIMEOUT", 0),
                    new ChainView.AttemptView(2, 101L, ended ? "COMPLETED" : "RUNNING", null)));
        }

        @Override
        public List<EventView> events(String id) {
            eventReads = Math.min(story.size(), eventReads + 2);
            return story.subList(0, eventReads);
        }

        @Override
        public List<ChainView> list(String user, int limit) {
            return List.of(view("ACTIVE", List.of()));
        }

        @Override
        public ChainView cancel(String id) {
            cancelled.add(id);
            return view("CANCELLED", List.of());
        }

        @Override
        public String describe() {
            return "Longrun at http://longrun/";
        }

        private ChainView view(String state, List<ChainView.AttemptView> attempts) {
            return new ChainView(ID, "alice", "run_job.sbatch", state, null, maxRestarts, attempts.size() - 1,
                    100L, 101L, null, null, attempts);
        }
    }
}
