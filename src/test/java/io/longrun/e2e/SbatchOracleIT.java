package io.longrun.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.support.DevCluster;
import io.longrun.support.LongrunClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpClientErrorException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.StringNode;

/**
 * sbatch is the oracle: each script (with its args) is submitted held once with the real sbatch and once through
 * Longrun's API, and the two jobs ({@code scontrol show job --json}) must agree on <em>every</em> field but the
 * few listed in {@link #NOT_OPTIONS} (which no option sets) and the ones a case excludes explicitly, with its
 * reason. Where sbatch refuses a script on this cluster (no GPUs, features, licenses or reservations exist), the
 * case says so and Longrun must refuse it too: the chain ends FAILED with Slurm's own message.
 *
 * <p>Not observable here: the {@code --signal} fields (kill_warning_*) and the job's environment are not part of
 * {@code scontrol show job --json} in 24.11; JobDescriptorMapperTest and JobEnvironmentTest cover them, and
 * WalltimeChainIT sees the signal arrive.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:oracle-it;DB_CLOSE_DELAY=-1",
        "longrun.poll.enabled=false"})
class SbatchOracleIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Fields of {@code scontrol show job --json} that are not set by any option, so they differ by nature. */
    static final Map<String, String> NOT_OPTIONS = Map.of(
            "job_id", "two different jobs",
            "submit_time", "the moment of submission",
            "last_sched_evaluation", "the moment the scheduler last looked at the job",
            "allocating_node", "the host that submitted: sbatch's host vs. slurmrestd's (\"vm\" vs \"localhost\")");

    /**
     * Job flags that record what the scheduler has done with a job so far (e.g. DEPENDENT until its first
     * dependency test), so two jobs submitted a moment apart may differ in them; no option sets them. They are
     * taken out of {@code flags} before comparing; every other flag is compared.
     */
    static final List<String> SCHEDULER_STATE_FLAGS = List.of("DEPENDENT", "BACKFILL_ATTEMPTED",
            "SCHEDULING_ATTEMPTED", "TESTING_BACKFILL", "TESTING_WHOLE_NODE_BACKFILL", "ACCRUE_COUNT_CLEARED",
            "JOB_ACCRUE_TIME_RESET");

    /**
     * Times that relative options ({@code --begin=now+1hour}) make depend on the moment each job was submitted:
     * equal when less than this many seconds apart.
     */
    static final long TIME_TOLERANCE_SECONDS = 10;

    /** Where --dependency cases put the id of a held job submitted for them. */
    static final String DEP = "{dep}";

    /**
     * @param directives the #SBATCH lines (and possibly commands) after the interpreter line
     * @param args       sbatch arguments, which Longrun gets as the request's args
     * @param refused    sbatch refuses it on this cluster with this message (null: sbatch accepts it)
     * @param excluded   fields not compared for this case, each with the reason
     */
    record Case(String directives, List<String> args, String refused, Map<String, String> excluded) {
        static Case of(String directives, String... args) {
            return new Case(directives, List.of(args), null, Map.of());
        }

        /** sbatch refuses this on the dev cluster, with this message; Longrun must refuse it too. */
        static Case refused(String message, String directives, String... args) {
            return new Case(directives, List.of(args), message, Map.of());
        }

        Case excluding(String field, String reason) {
            Map<String, String> more = new LinkedHashMap<>(excluded);
            more.put(field, reason);
            return new Case(directives, args, refused, more);
        }

        /** Whether the script or args choose --requeue or --no-requeue themselves. */
        boolean setsRequeue() {
            return (directives + " " + String.join(" ", args)).contains("requeue");
        }

        @Override
        public String toString() {
            return "[" + directives.replace("\n", " \\n ") + "]" + (args.isEmpty() ? "" : " args " + args);
        }
    }

    static final List<Case> CASES = List.of(
            // --time: every format, UNLIMITED, 0 and seconds rounding up; --job-name with quoting
            Case.of("#SBATCH --time=5\n#SBATCH --job-name=minutes"),
            Case.of("#SBATCH -t 5:30\n#SBATCH -J min-sec"),
            Case.of("#SBATCH --time=0:59 -J rounds-up"),
            Case.of("#SBATCH --time=1:02:03 --job-name=h-m-s"),
            Case.of("#SBATCH --time=2-3\n#SBATCH --job-name=days-hours"),
            Case.of("#SBATCH --time=2-3:04\n#SBATCH --job-name=days-h-m"),
            Case.of("#SBATCH --time=1-02:03:04\n#SBATCH --job-name=days-h-m-s"),
            Case.of("#SBATCH --time=UNLIMITED\n#SBATCH --job-name=unlimited"),
            Case.of("#SBATCH --time=INFINITE -J infinite"),
            Case.of("#SBATCH --time=0 -J zero-is-unlimited"),
            Case.of("#SBATCH --time 90\n#SBATCH --job-name \"two words\""),
            Case.of("#SBATCH --job-name='single quoted' -t10"),
            Case.of("#SBATCH -J\"attached quoted\" -t 0:30"),
            Case.of("#SBATCH --job-name=cut#here --time=45"),
            // --time-min
            Case.of("#SBATCH --time=60 --time-min=30"),
            Case.of("#SBATCH -t 2:00:00 --time-min=1:30:00"),
            // partition, account, qos, wckey (short forms with attached values, abbreviations)
            Case.of("#SBATCH --partition=high --time=10"),
            Case.of("#SBATCH -p debug\n#SBATCH -t 10"),
            Case.of("#SBATCH -phigh -Aresearch -qnormal"),
            Case.of("#SBATCH --parti=high --acco=research"),
            Case.of("#SBATCH --account=research --qos=normal --wckey=wk1"),
            // nodes, tasks, cpus
            Case.of("#SBATCH --nodes=1"),
            Case.of("#SBATCH -N 1-2"),
            Case.of("#SBATCH --nodes=2"),
            Case.of("#SBATCH -n 4"),
            Case.of("#SBATCH --ntasks=4 --ntasks-per-node=2"),
            Case.of("#SBATCH --ntasks=5 --ntasks-per-node=2"),
            Case.of("#SBATCH --tasks-per-node=2 -N 1"),
            Case.of("#SBATCH -c 3"),
            Case.of("#SBATCH -n 2 -c2"),
            Case.of("#SBATCH --cpus-per-t=2 --ntasks-per-n=2"),
            // memory and disk, with size suffixes
            Case.of("#SBATCH --mem=1G"),
            Case.of("#SBATCH --mem=1500K"),
            Case.of("#SBATCH --mem=2048MB"),
            Case.of("#SBATCH --mem=0"),
            Case.of("#SBATCH --mem-per-cpu=512M"),
            Case.of("#SBATCH --mem-per-c=1g -n 2"),
            Case.of("#SBATCH --tmp=1g"),
            Case.of("#SBATCH --tmp=100"),
            Case.of("#SBATCH --mem=1T"),
            Case.of("#SBATCH --mem-per-cpu=64kb"),
            // generic resources, features, licenses, reservations: none exist on the dev cluster
            Case.refused("Invalid generic resource (gres) specification", "#SBATCH --gpus=1"),
            Case.refused("Invalid generic resource (gres) specification", "#SBATCH -G 2"),
            Case.refused("Invalid generic resource (gres) specification", "#SBATCH --gpus-per-node=1"),
            Case.refused("Invalid generic resource (gres) specification", "#SBATCH --gres=gpu:1"),
            Case.refused("Invalid generic resource (gres) specification", "#SBATCH --mem-per-gpu=1G"),
            Case.of("#SBATCH --gres=none"),
            Case.refused("Invalid feature specification", "#SBATCH --constraint=bigmem"),
            Case.refused("Invalid license specification", "#SBATCH -L fluent:2"),
            Case.refused("Requested reservation is invalid", "#SBATCH --reservation=maint"),
            // node lists and exclusivity
            Case.of("#SBATCH -w localhost"),
            Case.of("#SBATCH --nodel=localhost"),
            Case.of("#SBATCH --exclude=othernode"),
            Case.refused("Invalid node name specified", "#SBATCH -w localhost -x localhost"),
            Case.of("#SBATCH --exclusive"),
            Case.of("#SBATCH --exclusive=user"),
            Case.of("#SBATCH --exclusive=mcs"),
            Case.of("#SBATCH --exclusive=topo"),
            // files
            Case.of("#SBATCH --output=out-%j.log\n#SBATCH --error=err-%j.log"),
            Case.of("#SBATCH -o plain.out -e plain.err"),
            Case.of("#SBATCH --output=/tmp/abs-%x-%j.out", "--job-name=named-by-args"),
            Case.of("#SBATCH --input=in.txt -o none"),
            Case.of("#SBATCH -i none -e NONE"),
            Case.of("#SBATCH --open-mode=truncate -o trunc.out"),
            Case.of("#SBATCH --open-mode=a -o first-letter.out"),
            Case.of("#SBATCH --chdir=/tmp\n#SBATCH --output=chdir.out"),
            Case.of("#SBATCH -D sub -o rel.out"),
            // --signal is not in scontrol's JSON; the case checks that it changes nothing else
            Case.of("#SBATCH --signal=B:USR1@60 --open-mode=append --time=3"),
            Case.of("#SBATCH --signal=R:TERM@20 --signal=USR2"),
            // requeue
            Case.of("#SBATCH --requeue"),
            Case.of("#SBATCH --no-requeue"),
            Case.of("#SBATCH --requeue", "--no-requeue"),
            // --export changes only the environment, which scontrol does not show
            Case.of("#SBATCH --export=NONE"),
            Case.of("#SBATCH --export=NIL"),
            Case.of("", "--export=ALL,FOO=1"),
            Case.of("#SBATCH --export=HOME,FOO=\"a,b\""),
            // mail
            Case.of("#SBATCH --mail-type=BEGIN,END --mail-user=bob@example.org"),
            Case.of("#SBATCH --mail-type=ALL"),
            Case.of("#SBATCH --mail-type=FAIL\n#SBATCH --mail-type=TIME_LIMIT_80,ARRAY_TASKS"),
            Case.of("#SBATCH --mail-type=END", "--mail-type=TIME_LIMIT,TIME_LIMIT_90,TIME_LIMIT_50"),
            Case.of("#SBATCH --mail-type=NONE"),
            Case.of("#SBATCH --mail-type=END", "--mail-type=NONE"),
            Case.of("#SBATCH --mail-user=carol"),
            // dependencies
            Case.of("#SBATCH --dependency=afterok:" + DEP),
            Case.of("#SBATCH -d afterany:" + DEP + "?afternotok:" + DEP + " --kill-on-invalid-dep=yes"),
            Case.of("#SBATCH --dependency=singleton --kill-on-invalid-dep=no"),
            Case.of("#SBATCH --dependency=" + DEP),
            Case.of("#SBATCH --dependency=after:" + DEP + "+5 --kill-on-invalid-dep=yes"),
            Case.refused("Job dependency problem", "#SBATCH --dependency=afterok:999999"),
            // --begin in every format, --deadline
            Case.of("#SBATCH --begin=2030-01-01T10:00:00"),
            Case.of("#SBATCH --begin=2030-06-15"),
            Case.of("#SBATCH --begin=12/31/30"),
            Case.of("#SBATCH -b now+1hour"),
            Case.of("#SBATCH --begin=now+90"),
            Case.of("#SBATCH --begin=now+2days"),
            Case.of("#SBATCH --begin=teatime"),
            Case.of("#SBATCH --begin=tomorrow"),
            Case.of("#SBATCH --begin=midnight"),
            Case.of("#SBATCH --begin=23:59:30"),
            Case.of("#SBATCH --begin=16:00"),
            Case.of("#SBATCH --begin=noon"),
            Case.of("#SBATCH --begin=fika"),
            Case.of("#SBATCH --begin=now+1week"),
            Case.of("#SBATCH --begin=2030-01-01T10:00"),
            Case.of("#SBATCH --begin=123130"),
            Case.of("#SBATCH --begin=12.31.30"),
            Case.of("#SBATCH --deadline=tomorrow -t 30"),
            Case.of("#SBATCH --deadline=2030-01-01T00:00:00 -t 60"),
            Case.of("#SBATCH --deadline=now+30days"),
            // hold, priority, nice
            Case.of("#SBATCH --hold --priority=100"),
            Case.of("#SBATCH --nice=10"),
            Case.of("#SBATCH -H --nice=+3"),
            Case.of("", "--nice"),
            Case.refused("Invalid --nice value", "#SBATCH --nice=-5"),
            // comment (Longrun adds its tag after the user's text; the comparison takes the tag off again)
            Case.of("#SBATCH --comment=\"two words\""),
            Case.of("#SBATCH --comment=plain"),
            // how directives are read: args win, only the leading block counts, comments, blank lines
            Case.of("#SBATCH --time=30\n#SBATCH --job-name=from-directive", "--time=7", "-J", "from-args"),
            Case.of("#SBATCH --job-name=before-command\necho hello\n#SBATCH --job-name=after-command"),
            Case.of("", "--time=4:00:00", "--partition=high", "--output=args-only.out"),
            Case.of("#SBATCH --job-name=spaces  # a trailing comment\n#SBATCH --time=15"),
            Case.of("\n# a plain comment\n#SBATCH -t 20\n\n#SBATCH -J after-blank", "-t10", "-pdebug"),
            // a realistic combination
            Case.of("#SBATCH -J train -p high -A research -N 1 -n 2 -c 2 --mem-per-cpu=256 -t 1-00:00:00\n"
                    + "#SBATCH --mail-type=END,FAIL --requeue --open-mode=append -o logs-%x-%j.out\n"
                    + "#SBATCH --begin=now+1hour --deadline=now+7days --comment=\"nightly run\" --nice=5"));

    /** sbatch accepts these, Longrun answers 400 naming the option (see the README's known differences). */
    static final Map<String, String> REFUSED_BY_LONGRUN = Map.of(
            "#SBATCH --array=0-3", "--array",
            "#SBATCH --nodelist=./hosts", "--nodelist");

    @LocalServerPort
    int port;

    static long dependencyJob;

    @BeforeAll
    static void clusterRunning() {
        DevCluster.assumeRunning();
        dependencyJob = sbatch("#!/bin/bash\nsleep 600\n", List.of("--hold", "-J", "oracle-dependency"));
    }

    @AfterAll
    static void cancelDependencyJob() {
        if (dependencyJob > 0) {
            DevCluster.as("alice", null, "scancel", Long.toString(dependencyJob));
        }
    }

    @DynamicPropertySource
    static void slurm(DynamicPropertyRegistry registry) {
        registry.add("longrun.slurm.rest.url", DevCluster::restUrl);
        registry.add("longrun.slurm.rest.jwt-key-file", () -> DevCluster.keyPath().toString());
    }

    @Test
    void theCorpusIsLargeEnough() {
        assertThat(CASES).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void longrunSubmitsWhatSbatchSubmits() {
        LongrunClient longrun = new LongrunClient(port, DevCluster.token("alice"));
        List<String> mismatches = new ArrayList<>();
        for (Case testCase : CASES) {
            // Held, so that neither job runs while it is compared.
            String script = "#!/bin/bash\n" + testCase.directives().replace(DEP, Long.toString(dependencyJob))
                    + "\nsleep 600\n";
            List<String> args = testCase.args().stream().map(arg -> arg.replace(DEP, Long.toString(dependencyJob)))
                    .toList();
            List<String> sbatch = new ArrayList<>(List.of("sbatch", "--parsable", "--hold"));
            sbatch.addAll(args);
            DevCluster.Result sbatchResult = DevCluster.as("alice", script, sbatch.toArray(String[]::new));

            JsonNode chain = longrun.createChain(LongrunClient.request("alice", script, withHold(args),
                    "/home/alice", 0));
            String state = chain.get("state").asString();

            if (testCase.refused() != null || sbatchResult.exitCode() != 0) {
                if (sbatchResult.exitCode() == 0) {
                    mismatches.add(testCase + ": sbatch accepted it, expected it to refuse: " + testCase.refused());
                    DevCluster.as("alice", null, "scancel", jobId(sbatchResult));
                } else if (testCase.refused() == null || !sbatchResult.stderr().contains(testCase.refused())) {
                    mismatches.add(testCase + ": sbatch refused it: " + sbatchResult.stderr().strip());
                }
                String reason = chain.path("stateReason").asString("");
                if (!state.equals("FAILED") || testCase.refused() == null || !reason.contains(testCase.refused())) {
                    mismatches.add(testCase + ": Longrun should refuse it as sbatch does (" + testCase.refused()
                            + "), but the chain is " + state + ": " + reason);
                }
                if (state.equals("ACTIVE")) {
                    longrun.cancel(chain.get("id").asString());
                }
                continue;
            }

            long sbatchJob = Long.parseLong(jobId(sbatchResult));
            if (!state.equals("ACTIVE")) {
                mismatches.add(testCase + ": sbatch accepted it (job " + sbatchJob + "), Longrun's chain is " + state
                        + ": " + chain.path("stateReason").asString(""));
                DevCluster.as("alice", null, "scancel", Long.toString(sbatchJob));
                continue;
            }
            long longrunJob = chain.get("initialJobId").asLong();
            Map<String, JsonNode> expected = fields(sbatchJob);
            Map<String, JsonNode> actual = fields(longrunJob);
            actual.computeIfPresent("comment", (field, comment) -> withoutTag(comment));
            expected.computeIfPresent("flags", (field, flags) -> withoutSchedulerState(flags));
            actual.computeIfPresent("flags", (field, flags) -> withoutSchedulerState(flags));
            compare(testCase.toString(), testCase.setsRequeue(), testCase.excluded(), expected, actual, mismatches);
            longrun.cancel(chain.get("id").asString());
            DevCluster.as("alice", null, "scancel", Long.toString(sbatchJob));
        }
        assertThat(mismatches).isEmpty();
    }

    /**
     * Script arguments ({@code sbatch [options] script arg…}): words sbatch must not touch. Blanks, quotes, shell
     * syntax, globs, empty words and words that look like sbatch's or sbatch_longrun's own options.
     */
    static final List<List<String>> SCRIPT_ARGUMENTS = List.of(
            List.of("one"),
            List.of("a b", "  two  blanks  ", "tab\there"),
            List.of("it's", "\"double\"", "'single'", "back\\slash"),
            List.of("$HOME", "${USER}", "$(id -u)", "`id -u`", "*", "?", "[a]", "~", ";", "&&", "|", ">x"),
            List.of("", "x", ""),
            List.of("--time=5", "-n", "4", "--", "-J", "other", "--hold", "--detached", "--max-restarts=3"),
            List.of("é ü", "line\nbreak"));

    /**
     * The job sbatch makes of a script file with arguments and the one Longrun makes of the same script and
     * scriptArguments agree on every field but {@code command} (sbatch's is the script file's path: Longrun has no
     * file), and, released, both jobs print exactly the same arguments.
     */
    @Test
    void scriptArgumentsReachTheScriptAsFromSbatch() {
        LongrunClient longrun = new LongrunClient(port, DevCluster.token("alice"));
        String directory = "/home/alice/longrun-it/oracle-args-" + java.util.UUID.randomUUID();
        DevCluster.as("alice", null, "mkdir", "-p", directory).orThrow();
        String script = "#!/bin/bash\n#SBATCH --time=1\nprintf '<%s>\\n' \"$#\" \"$@\"\n";
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < SCRIPT_ARGUMENTS.size(); i++) {
            List<String> arguments = SCRIPT_ARGUMENTS.get(i);
            String name = "oracle-args-" + i;
            String file = directory + "/" + name + ".sh";
            DevCluster.as("alice", script, "sh", "-c", "cat > \"$0\"", file).orThrow();
            List<String> options = List.of("--hold", "-J", name, "--output=" + directory + "/" + name + "-%j.out");
            List<String> sbatch = new ArrayList<>(List.of("sbatch", "--parsable"));
            sbatch.addAll(options);
            sbatch.add(file);
            sbatch.addAll(arguments);
            long sbatchJob = Long.parseLong(jobId(DevCluster.as("alice", null, sbatch.toArray(String[]::new))
                    .orThrow()));
            Map<String, Object> request = new LinkedHashMap<>(LongrunClient.request("alice", script, options,
                    "/home/alice", 0));
            request.put("scriptArguments", arguments);
            JsonNode chain = longrun.createChain(request);
            String label = "script arguments " + arguments;
            List<String> echoed = new ArrayList<>();
            chain.path("scriptArguments").forEach(word -> echoed.add(word.asString()));
            if (!echoed.equals(arguments)) {
                mismatches.add(label + ": the chain says " + echoed);
            }
            if (!chain.get("state").asString().equals("ACTIVE")) {
                mismatches.add(label + ": Longrun's chain is " + chain.get("state") + ": "
                        + chain.path("stateReason").asString(""));
                DevCluster.as("alice", null, "scancel", Long.toString(sbatchJob));
                continue;
            }
            long longrunJob = chain.get("initialJobId").asLong();
            Map<String, JsonNode> expected = fields(sbatchJob);
            Map<String, JsonNode> actual = fields(longrunJob);
            if (!expected.get("command").asString().equals(file)) {
                mismatches.add(label + ": sbatch's command is " + expected.get("command") + ", not the script file");
            }
            actual.computeIfPresent("comment", (field, comment) -> withoutTag(comment));
            expected.computeIfPresent("flags", (field, flags) -> withoutSchedulerState(flags));
            actual.computeIfPresent("flags", (field, flags) -> withoutSchedulerState(flags));
            compare(label, false, Map.of("command", "sbatch's is the script file's path; Longrun has no file"),
                    expected, actual, mismatches);

            DevCluster.as("alice", null, "scontrol", "release", sbatchJob + "," + longrunJob).orThrow();
            StringBuilder printed = new StringBuilder("<" + arguments.size() + ">\n");
            arguments.forEach(argument -> printed.append('<').append(argument).append(">\n"));
            java.nio.file.Path fromSbatch = DevCluster.hostPath(directory + "/" + name + "-" + sbatchJob + ".out");
            java.nio.file.Path fromLongrun = DevCluster.hostPath(directory + "/" + name + "-" + longrunJob + ".out");
            try {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90))
                        .pollInterval(java.time.Duration.ofSeconds(1))
                        .until(() -> printed.toString().equals(read(fromSbatch))
                                && printed.toString().equals(read(fromLongrun)));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                mismatches.add(label + ": the jobs printed\n  sbatch:  " + read(fromSbatch) + "\n  longrun: "
                        + read(fromLongrun) + "\n  expected " + printed);
            }
            longrun.cancel(chain.get("id").asString());
        }
        assertThat(mismatches).isEmpty();
    }

    private static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "(no output yet)";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** Every field but {@link #NOT_OPTIONS} and the excluded ones must agree (requeue: the designed difference). */
    private static void compare(String label, boolean setsRequeue, Map<String, String> excluded,
                                Map<String, JsonNode> expected, Map<String, JsonNode> actual, List<String> mismatches) {
        for (String field : new TreeSet<>(union(expected, actual))) {
            if (NOT_OPTIONS.containsKey(field) || excluded.containsKey(field)) {
                continue;
            }
            if (field.equals("requeue") && !setsRequeue) {
                // A known, designed difference (README): Longrun owns the retries, so without --requeue in
                // the script the job is submitted --no-requeue, where sbatch's is requeueable (JobRequeue=1).
                if (!expected.get(field).asBoolean() || actual.get(field).asBoolean()) {
                    mismatches.add(label + " requeue: expected sbatch true and Longrun false, got sbatch "
                            + expected.get(field) + ", longrun " + actual.get(field));
                }
                continue;
            }
            if (!same(expected.get(field), actual.get(field))) {
                mismatches.add(label + " " + field + ": sbatch " + expected.get(field) + ", longrun "
                        + actual.get(field));
            }
        }
    }

    @Test
    void optionsLongrunCannotPassOnAreRefusedWithTheirName() {
        LongrunClient longrun = new LongrunClient(port, DevCluster.token("alice"));
        REFUSED_BY_LONGRUN.forEach((directives, option) -> {
            String script = "#!/bin/bash\n" + directives + "\nsleep 600\n";
            try {
                longrun.createChain(LongrunClient.request("alice", script, List.of("--hold"), "/home/alice", 0));
                throw new AssertionError(directives + " was accepted");
            } catch (HttpClientErrorException e) {
                assertThat(e.getStatusCode().value()).isEqualTo(400);
                JsonNode problem = JSON.readTree(e.getResponseBodyAsString());
                assertThat(problem.get("option").asString()).as(directives).isEqualTo(option);
            }
        });
    }

    private static long sbatch(String script, List<String> args) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(args);
        return Long.parseLong(jobId(DevCluster.as("alice", script, command.toArray(String[]::new)).orThrow()));
    }

    private static String jobId(DevCluster.Result result) {
        return result.stdout().strip().split(";")[0];
    }

    private static List<String> withHold(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add("--hold");
        return all;
    }

    private static Set<String> union(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        Set<String> all = new LinkedHashSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    /** Equal, or for times (no-val structs named *_time or deadline) less than the tolerance apart. */
    private static boolean same(JsonNode expected, JsonNode actual) {
        if (String.valueOf(expected).equals(String.valueOf(actual))) {
            return true;
        }
        if (expected != null && actual != null && expected.has("number") && actual.has("number")
                && expected.path("set").equals(actual.path("set"))
                && expected.path("infinite").equals(actual.path("infinite"))) {
            return Math.abs(expected.get("number").asLong() - actual.get("number").asLong()) < TIME_TOLERANCE_SECONDS
                    && expected.get("number").asLong() > 1_000_000_000L;
        }
        return false;
    }

    private static final Pattern TAG = Pattern.compile("(^| )longrun:[0-9a-f-]+:[0-9]+$");

    /** Longrun's job comment is the user's --comment, a blank and the chain's tag: the tag is taken off. */
    private static JsonNode withoutTag(JsonNode comment) {
        Matcher matcher = TAG.matcher(comment.asString());
        if (!matcher.find()) {
            throw new AssertionError("Longrun's job comment has no chain tag: " + comment);
        }
        return StringNode.valueOf(comment.asString().substring(0, matcher.start()));
    }

    private static JsonNode withoutSchedulerState(JsonNode flags) {
        ArrayNode kept = JSON.createArrayNode();
        flags.forEach(flag -> {
            if (!SCHEDULER_STATE_FLAGS.contains(flag.asString())) {
                kept.add(flag);
            }
        });
        return kept;
    }

    /** The fields that name files, where {@code %j} has become the job's own id. */
    static final Set<String> PATHS = Set.of("standard_output", "standard_error", "standard_input");

    /** Every field of a job as {@code scontrol show job --json} prints it; its own id is blanked out of paths. */
    private static Map<String, JsonNode> fields(long jobId) {
        JsonNode job = JSON.readTree(DevCluster.as("alice", null, "scontrol", "show", "job", "--json",
                Long.toString(jobId)).orThrow().stdout()).get("jobs").get(0);
        Pattern id = Pattern.compile("(?<![0-9])" + jobId + "(?![0-9])");
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Iterator<String> names = job.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            JsonNode value = job.get(name);
            fields.put(name, PATHS.contains(name) && value.isString()
                    ? StringNode.valueOf(id.matcher(value.asString()).replaceAll("<job>")) : value);
        }
        return fields;
    }
}
