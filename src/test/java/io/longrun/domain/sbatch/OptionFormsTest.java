package io.longrun.domain.sbatch;

import static io.longrun.domain.sbatch.ParserFixtures.args;
import static io.longrun.domain.sbatch.ParserFixtures.directive;
import static io.longrun.domain.sbatch.ParserFixtures.script;
import static io.longrun.domain.sbatch.ScriptDirectivesTest.catchInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every supported option in its long, short, "=" and space forms, in args and in directives. */
class OptionFormsTest {

    /** Forms of one option setting, the accessor, and the value all of them must give. */
    static Stream<Arguments> forms() {
        return Stream.of(
                forms(SbatchOptions::jobName, "my-job", "--job-name=my-job", "--job-name my-job", "-J my-job",
                        "-Jmy-job"),
                forms(SbatchOptions::partition, "debug", "--partition=debug", "--partition debug", "-p debug",
                        "-pdebug", "--part=debug"),
                forms(SbatchOptions::account, "proj1", "--account=proj1", "-A proj1", "-Aproj1", "--acco=proj1"),
                forms(SbatchOptions::qos, "high", "--qos=high", "--qos high", "-q high", "-qhigh"),
                forms(SbatchOptions::reservation, "maint", "--reservation=maint", "--reservation maint",
                        "--res=maint"),
                forms(SbatchOptions::wckey, "wk", "--wckey=wk", "--wckey wk", "--wc=wk"),
                forms(SbatchOptions::time, TimeLimit.ofMinutes(10), "--time=10", "--time 10", "-t 10", "-t10",
                        "-t 0:10:00"),
                forms(SbatchOptions::timeMin, TimeLimit.ofMinutes(30), "--time-min=30", "--time-min 0:30:00",
                        "--time-m=30"),
                forms(SbatchOptions::nodes, new NodeRange(2, 4), "--nodes=2-4", "--nodes 2-4", "-N 2-4", "-N2-4"),
                forms(SbatchOptions::nodes, NodeRange.exactly(3), "--nodes=3", "-N3"),
                forms(o -> o.ntasks().getAsInt(), 8, "--ntasks=8", "--ntasks 8", "-n 8", "-n8"),
                forms(o -> o.ntasksPerNode().getAsInt(), 4, "--ntasks-per-node=4", "--ntasks-per-node 4",
                        "--tasks-per-node=4", "--ntasks-per-n=4", "--tasks=4"),
                forms(o -> o.cpusPerTask().getAsInt(), 2, "--cpus-per-task=2", "--cpus-per-task 2", "-c 2",
                        "-c2", "--cpus-per-t=2"),
                forms(o -> o.memMiB().getAsLong(), 4096L, "--mem=4G", "--mem 4096", "--mem=4096M",
                        "--mem=4194304K"),
                forms(o -> o.memPerCpuMiB().getAsLong(), 512L, "--mem-per-cpu=512", "--mem-per-cpu 512MB",
                        "--mem-per-c=512"),
                forms(o -> o.memPerGpuMiB().getAsLong(), 16384L, "--mem-per-gpu=16G", "--mem-per-g 16g"),
                forms(o -> o.tmpMiB().getAsLong(), 1048576L, "--tmp=1T", "--tmp 1024G"),
                forms(SbatchOptions::gpus, "a100:2", "--gpus=a100:2", "--gpus a100:2", "-G a100:2", "-Ga100:2"),
                forms(SbatchOptions::gpusPerNode, "4", "--gpus-per-node=4", "--gpus-per-node 4",
                        "--gpus-per-n=4"),
                forms(SbatchOptions::gres, "gpu:2", "--gres=gpu:2", "--gres gpu:2"),
                forms(SbatchOptions::constraint, "intel&ib", "--constraint=intel&ib", "-C intel&ib",
                        "-Cintel&ib", "--constraint intel&ib"),
                forms(SbatchOptions::nodelist, "n[1-4]", "--nodelist=n[1-4]", "-w n[1-4]", "-wn[1-4]",
                        "--nodel=n[1-4]"),
                forms(SbatchOptions::exclude, "n5", "--exclude=n5", "-x n5", "-xn5", "--exclude n5"),
                forms(SbatchOptions::exclusive, ExclusiveMode.EXCLUSIVE, "--exclusive", "--exclusive=exclusive",
                        "--exclus", "--exclusive="),
                forms(SbatchOptions::exclusive, ExclusiveMode.USER, "--exclusive=user", "--exclusive=USER"),
                forms(SbatchOptions::exclusive, ExclusiveMode.MCS, "--exclusive=mcs"),
                forms(SbatchOptions::exclusive, ExclusiveMode.TOPO, "--exclusive=topo"),
                forms(SbatchOptions::licenses, "matlab:1", "--licenses=matlab:1", "-L matlab:1", "-Lmatlab:1"),
                forms(SbatchOptions::chdir, "/scratch/run", "--chdir=/scratch/run", "--chdir /scratch/run",
                        "-D /scratch/run", "-D/scratch/run"),
                forms(SbatchOptions::chdir, "relative/dir", "--chdir=relative/dir"),
                forms(SbatchOptions::output, "out-%j.log", "--output=out-%j.log", "--output out-%j.log",
                        "-o out-%j.log", "-oout-%j.log", "--out=out-%j.log"),
                forms(SbatchOptions::output, "/dev/null", "--output=none", "-o NONE"),
                forms(SbatchOptions::error, "err-%j.log", "--error=err-%j.log", "-e err-%j.log", "-eerr-%j.log",
                        "--error err-%j.log"),
                forms(SbatchOptions::error, "/dev/null", "--error=None"),
                forms(SbatchOptions::input, "in.txt", "--input=in.txt", "-i in.txt", "-iin.txt"),
                forms(SbatchOptions::input, "/dev/null", "--input=none"),
                forms(SbatchOptions::openMode, OpenMode.APPEND, "--open-mode=append", "--open-mode append",
                        "--open-mode=a", "--open-mode=APPEND", "--open=append"),
                forms(SbatchOptions::openMode, OpenMode.TRUNCATE, "--open-mode=truncate", "--open-mode=t",
                        "--open-mode Truncate"),
                forms(SbatchOptions::signal, new SignalSpec("USR1", 90, false, false), "--signal=SIGUSR1@90",
                        "--signal USR1@90", "--signal=usr1@90", "--signal=10@90".replace("10", "USR1"),
                        "--sig=USR1@90"),
                forms(SbatchOptions::requeue, true, "--requeue", "--req"),
                forms(SbatchOptions::requeue, false, "--no-requeue", "--no-r", "--requeue --no-requeue"),
                forms(SbatchOptions::requeue, true, "--no-requeue --requeue"),
                forms(SbatchOptions::export, ExportSpec.NONE, "--export=NONE", "--export NONE", "--export=none"),
                forms(SbatchOptions::mailUser, "me@example.org", "--mail-user=me@example.org",
                        "--mail-user me@example.org", "--mail-u=me@example.org"),
                forms(SbatchOptions::dependency, "afterok:123:456", "--dependency=afterok:123:456",
                        "-d afterok:123:456", "-dafterok:123:456", "--dependency afterok:123:456",
                        "--dep=afterok:123:456"),
                forms(SbatchOptions::killOnInvalidDep, true, "--kill-on-invalid-dep=yes",
                        "--kill-on-invalid-dep YES", "--kill=yes"),
                forms(SbatchOptions::killOnInvalidDep, false, "--kill-on-invalid-dep=no"),
                forms(SbatchOptions::begin, Instant.parse("2025-03-14T16:00:00Z"), "--begin=16:00",
                        "--begin 16:00", "-b 16:00", "-b16:00", "--beg=16:00", "--begin=teatime"),
                forms(SbatchOptions::deadline, Instant.parse("2025-03-21T10:30:15Z"), "--deadline=now+1week",
                        "--deadline now+7days", "--deadl=now+604800"),
                forms(SbatchOptions::hold, true, "--hold", "-H", "--ho"),
                forms(o -> o.nice().getAsInt(), 100, "--nice", "--nic", "--nice="),
                forms(o -> o.nice().getAsInt(), 10, "--nice=10", "--nice=+10"),
                forms(o -> o.nice().getAsInt(), -5, "--nice=-5"),
                forms(o -> o.priority().getAsLong(), 42L, "--priority=42", "--priority 42", "--prio=42"),
                forms(o -> o.priority().getAsLong(), 4294967293L, "--priority=TOP", "--priority=top"),
                forms(SbatchOptions::array, new ArraySpec("0-15:4%2"), "--array=0-15:4%2", "-a 0-15:4%2",
                        "-a0-15:4%2", "--array 0-15:4%2", "--arr=0-15:4%2"));
    }

    /** Each form is one argument string, split at blanks into args, and used as is in a directive. */
    private static Arguments forms(Function<SbatchOptions, ?> accessor, Object expected, String... forms) {
        return Arguments.of(accessor, expected, List.of(forms));
    }

    @ParameterizedTest(name = "[{index}] {2} -> {1}")
    @MethodSource("forms")
    void everyFormGivesTheSameValueInArgsAndDirectives(Function<SbatchOptions, ?> accessor, Object expected,
                                                       List<String> forms) {
        for (String form : forms) {
            assertThat(value(accessor, args(form.split(" ")))).as("args %s", form).isEqualTo(expected);
            assertThat(value(accessor, directive(form))).as("directive %s", form).isEqualTo(expected);
        }
    }

    private static Object value(Function<SbatchOptions, ?> accessor, SbatchOptions options) {
        Object value = accessor.apply(options);
        return value instanceof java.util.Optional<?> optional ? optional.orElseThrow() : value;
    }

    @Test
    void valuesWithBlanksAndCommas() {
        String comment = "a comment, with commas";
        assertThat(args("--comment", comment).comment()).contains(comment);
        assertThat(args("--comment=" + comment).comment()).contains(comment);
        assertThat(directive("--comment '" + comment + "'").comment()).contains(comment);
        assertThat(directive("--comment=\"" + comment + "\"").comment()).contains(comment);
        assertThat(args("--comment=").comment()).contains("");
    }

    @Test
    void optionsThatCannotBeAbbreviatedBecauseAnotherStartsTheSame() {
        // --time/--time-min, --nodes/--nodelist/--nodefile, --export/--export-file: only the full name works
        assertThat(catchInvalid(() -> args("--ti=5")).getMessage())
                .isEqualTo("ambiguous sbatch option --ti: it could be --time, --time-min");
        assertThat(catchInvalid(() -> args("--node=2")).getMessage()).contains("--nodes, --nodelist");
        assertThat(catchInvalid(() -> args("--expor=ALL")).getMessage()).contains("--export, --export-file");
    }

    @Test
    void bundledShortFlagsAndAValueAtTheEnd() {
        SbatchOptions options = args("-HJname");
        assertThat(options.hold()).isTrue();
        assertThat(options.jobName()).contains("name");
        SbatchOptions spaced = args("-Hp", "debug");
        assertThat(spaced.hold()).isTrue();
        assertThat(spaced.partition()).contains("debug");
    }

    @Test
    void aSpaceSeparatedValueIsTakenEvenIfItLooksLikeAnOption() {
        SbatchOptions options = args("--job-name", "--time=5");
        assertThat(options.jobName()).contains("--time=5");
        assertThat(options.time()).isEmpty();
        assertThat(args("-J", "-x").jobName()).contains("-x");
    }

    @Test
    void argsWinOverDirectives() {
        SbatchOptions options = script("""
                #SBATCH --job-name=from-script
                #SBATCH --time=10 --partition=batch
                #SBATCH --requeue
                """, "--time=90", "-J", "from-args", "--no-requeue");
        assertThat(options.jobName()).contains("from-args");
        assertThat(options.time()).contains(TimeLimit.ofMinutes(90));
        assertThat(options.partition()).contains("batch");
        assertThat(options.requeue()).contains(false);
    }

    @Test
    void laterDirectivesWinOverEarlierOnes() {
        assertThat(script("#SBATCH -t 5\n#SBATCH -t 6\n").time()).contains(TimeLimit.ofMinutes(6));
    }

    @Test
    void mailTypesAccumulateAsInSbatch() {
        SbatchOptions options = script("#SBATCH --mail-type=END\n#SBATCH --mail-type=FAIL\n",
                "--mail-type=BEGIN", "--mail-type=NONE");
        assertThat(options.mailTypes()).contains(Set.of(MailType.BEGIN, MailType.END, MailType.FAIL));
    }

    @Test
    void mailTypeLists() {
        assertThat(args("--mail-type=BEGIN,end,Fail").mailTypes())
                .contains(Set.of(MailType.BEGIN, MailType.END, MailType.FAIL));
        assertThat(args("--mail-type=ALL").mailTypes()).contains(MailType.ALL);
        assertThat(args("--mail-type=ALL,TIME_LIMIT_80").mailTypes().orElseThrow())
                .containsAll(MailType.ALL).contains(MailType.TIME_LIMIT_80).hasSize(7);
        assertThat(args("--mail-type=NONE").mailTypes()).contains(Set.of());
        assertThat(args("--mail-type=NONE,BEGIN").mailTypes()).contains(Set.of()); // NONE ends the list
        assertThat(args("--mail-type=TIME_LIMIT,TIME_LIMIT_90,TIME_LIMIT_50,ARRAY_TASKS,INVALID_DEPEND,"
                + "STAGE_OUT,REQUEUE").mailTypes().orElseThrow()).hasSize(7);
    }

    @Test
    void memoryOptionsAreMutuallyExclusiveEvenAcrossScriptAndArgs() {
        InvalidSbatchOptionException e = catchInvalid(() -> script("#SBATCH --mem=4G\n", "--mem-per-cpu=1G"));
        assertThat(e.option()).isEqualTo("--mem-per-cpu");
        assertThat(e.getMessage()).contains("mutually exclusive");
        assertThat(script("#SBATCH --mem=4G\n", "--mem=8G").memMiB()).hasValue(8192);
    }

    @Test
    void memZeroMeansAllMemory() {
        assertThat(args("--mem=0").memMiB()).hasValue(0);
    }

    @Test
    void exportLists() {
        ExportSpec export = args("--export=ALL,EDITOR=/bin/vi,HOME").export().orElseThrow();
        assertThat(export.kind()).isEqualTo(ExportSpec.Kind.LIST);
        assertThat(export.includeAll()).isTrue();
        assertThat(export.values()).containsExactly(java.util.Map.entry("EDITOR", "/bin/vi"));
        assertThat(export.names()).containsExactly("HOME");
        assertThat(args("--export=ALL").export()).contains(ExportSpec.ALL);
        assertThat(args("--export=NIL").export()).contains(ExportSpec.NIL);
    }

    @Test
    void signalForms() {
        assertThat(args("--signal=B:USR1@60").signal()).contains(new SignalSpec("USR1", 60, true, false));
        assertThat(args("--signal=R:10").signal()).contains(new SignalSpec("10", 60, false, true));
        assertThat(args("--signal=TERM").signal()).contains(new SignalSpec("TERM", 60, false, false));
    }

    @Test
    void dependencyForms() {
        for (String dependency : List.of("singleton", "afterok:1", "afterany:1:2,afterok:3", "afternotok:5?afterok:6",
                "after:10+5", "aftercorr:7_3", "AFTEROK:9", "123", "afterburstbuffer:4")) {
            assertThat(args("--dependency=" + dependency).dependency()).contains(dependency);
        }
    }

    @Test
    void arrayForms() {
        for (String array : List.of("0-15", "0,6,16-32", "0-15:4", "0-15%4", "1,3,5%1", "7")) {
            assertThat(args("--array=" + array).array()).contains(new ArraySpec(array));
        }
    }

    @Test
    void nodeRangeForms() {
        assertThat(args("--nodes=-4").nodes()).contains(new NodeRange(1, 4)); // a missing minimum is 1, as in Slurm
        assertThat(args("--nodes=0").nodes()).contains(NodeRange.exactly(0));
        assertThat(args("--nodes=1k").nodes()).contains(NodeRange.exactly(1024));
        assertThat(args("--nodes=2-2").nodes()).contains(NodeRange.exactly(2));
    }

    @Test
    void specifiedListsTheCanonicalNames() {
        SbatchOptions options = script("#SBATCH -J x -t 5\n#SBATCH --requeue\n", "--no-r", "--mem=1G");
        assertThat(options.specified()).containsExactlyInAnyOrder("job-name", "time", "no-requeue", "mem");
        assertThat(args("--tasks-per-node=2").specified()).containsExactly("ntasks-per-node");
    }

    @Test
    void argsMayBeEmpty() {
        assertThat(SbatchParser.parse("#!/bin/sh\n", List.of(), ParserFixtures.CONTEXT).isEmpty()).isTrue();
        assertThat(args()).isEqualTo(SbatchOptions.empty());
    }

    @Test
    void argsWithSpacesInValuesNeedNoQuoting() {
        assertThat(args(Arrays.asList("--job-name=my job").toArray(String[]::new)).jobName()).contains("my job");
    }
}
