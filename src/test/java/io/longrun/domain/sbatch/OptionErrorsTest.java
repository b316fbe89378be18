package io.longrun.domain.sbatch;

import static io.longrun.domain.sbatch.ParserFixtures.args;
import static io.longrun.domain.sbatch.ParserFixtures.directive;
import static io.longrun.domain.sbatch.ScriptDirectivesTest.catchInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What is refused, which option the error names, and what it says. */
class OptionErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // arg                         | option        | message starts with
            "--frobnicate                  | --frobnicate  | unknown sbatch option --frobnicate",
            "--frobnicate=1                | --frobnicate  | unknown sbatch option --frobnicate",
            "-y                            | -y            | unknown sbatch option -y",
            "-Hy                           | -y            | unknown sbatch option -y",
            "--par=debug                   | --par         | ambiguous sbatch option --par: it could be --partition, --parsable",
            "--mem-per=1G                  | --mem-per     | ambiguous sbatch option --mem-per: it could be --mem-per-cpu, --mem-per-gpu",
            "--ntasks-per=2                | --ntasks-per  | ambiguous sbatch option --ntasks-per:",
            "--wrap=hostname               | --wrap        | sbatch option --wrap is not supported by Longrun",
            "-v                            | -v            | sbatch option -v (--verbose) is not supported by Longrun",
            "--parsable                    | --parsable    | sbatch option --parsable is not supported by Longrun",
            "--pars                        | --pars        | sbatch option --pars (--parsable) is not supported by Longrun",
            "-M                            | -M            | sbatch option -M (--clusters) is not supported by Longrun",
            "--hold=yes                    | --hold        | sbatch option --hold does not take a value",
            "--requeue=1                   | --requeue     | sbatch option --requeue does not take a value",
            "--time                        | --time        | sbatch option --time requires a value",
            "-t                            | -t            | sbatch option -t (--time) requires a value",
            "--part                        | --part        | sbatch option --part (--partition) requires a value",
            "--time=1:xx                   | --time        | invalid time limit '1:xx' for --time: expected minutes",
            "-t1:xx                        | -t            | invalid time limit '1:xx' for -t (--time):",
            "--time-min=abc                | --time-min    | invalid time limit 'abc' for --time-min:",
            "--mem=1.5G                    | --mem         | invalid size '1.5G' for --mem:",
            "--mem-per-cpu=-1              | --mem-per-cpu | invalid size '-1' for --mem-per-cpu:",
            "--tmp=1P                      | --tmp         | invalid size '1P' for --tmp: unknown unit 'P'",
            "--nodes=4-2                   | --nodes       | invalid node count '4-2' for --nodes: maximum node count 2 is less than minimum 4",
            "--nodes=2-                    | --nodes       | invalid node count '2-' for --nodes:",
            "--nodes=1,2,4                 | --nodes       | invalid node count '1,2,4' for --nodes: node count lists are not supported",
            "--nodes=x                     | --nodes       | invalid node count 'x' for --nodes:",
            "--ntasks=0                    | --ntasks      | invalid number '0' for --ntasks: expected a whole number of at least 1",
            "-n -1                         | -n            | invalid number '-1' for -n (--ntasks):",
            "--cpus-per-task=2.5           | --cpus-per-task | invalid number '2.5' for --cpus-per-task:",
            "--ntasks-per-node=99999999999 | --ntasks-per-node | invalid number '99999999999' for --ntasks-per-node: too large",
            "--signal=SIGFOO               | --signal      | invalid signal specification 'SIGFOO' for --signal: unknown signal",
            "--signal=PWR                  | --signal      | invalid signal specification 'PWR' for --signal: unknown signal",
            "--signal=USR1@70000           | --signal      | invalid signal specification 'USR1@70000' for --signal:",
            "--signal=USR1@                | --signal      | invalid signal specification 'USR1@' for --signal:",
            "--signal=65                   | --signal      | invalid signal specification '65' for --signal:",
            "--signal=0                    | --signal      | invalid signal specification '0' for --signal:",
            "--signal=@60                  | --signal      | invalid signal specification '@60' for --signal: no signal given",
            "--exclusive=oversubscribe     | --exclusive   | invalid value 'oversubscribe' for --exclusive:",
            "--exclusive=yes               | --exclusive   | invalid value 'yes' for --exclusive:",
            "--open-mode=overwrite         | --open-mode   | invalid value 'overwrite' for --open-mode: expected append or truncate",
            "--open-mode=                  | --open-mode   | invalid value '' for --open-mode:",
            "--mail-type=BEGIN,FIAL        | --mail-type   | invalid mail type 'BEGIN,FIAL' for --mail-type: unknown mail type 'FIAL'",
            "--mail-type=,                 | --mail-type   | invalid mail type ',' for --mail-type: no mail type given",
            "--kill-on-invalid-dep=maybe   | --kill-on-invalid-dep | invalid value 'maybe' for --kill-on-invalid-dep: expected yes or no",
            "--dependency=afterok          | --dependency  | invalid dependency 'afterok' for --dependency:",
            "--dependency=afterfoo:1       | --dependency  | invalid dependency 'afterfoo:1' for --dependency:",
            "--dependency=afterok:x        | --dependency  | invalid dependency 'afterok:x' for --dependency: 'x' in 'afterok:x' is not a job id",
            "--dependency=afterok:1,afterok:2?afterok:3 | --dependency | invalid dependency",
            "--dependency=afterok:1,,afterok:2 | --dependency | invalid dependency",
            "--begin=yesterday             | --begin       | invalid time 'yesterday' for --begin:",
            "--begin=Today                 | --begin       | invalid time 'Today' for --begin:",
            "--deadline=02/30              | --deadline    | invalid time '02/30' for --deadline:",
            "--nice=abc                    | --nice        | invalid number 'abc' for --nice:",
            "--nice=2147483646             | --nice        | invalid number '2147483646' for --nice: out of range",
            "--priority=-1                 | --priority    | invalid number '-1' for --priority:",
            "--priority=4294967294         | --priority    | invalid number '4294967294' for --priority: must be less than 4294967294",
            "--array=1-5x                  | --array       | invalid array specification '1-5x' for --array:",
            "--array=                      | --array       | invalid array specification '' for --array:",
            "--export=1BAD=x               | --export      | invalid export specification '1BAD=x' for --export: '1BAD' is not a valid environment variable name",
            "--export=NONE,A=1             | --export      | invalid export specification 'NONE,A=1' for --export: NONE cannot be combined with variables",
            "--export=A='x                 | --export      | invalid export specification 'A='x' for --export: unbalanced quote",
            "--gres=help                   | --gres        | invalid value 'help' for --gres:",
            "--job-name=                   | --job-name    | invalid value '' for --job-name: must not be empty",
            "--output=                     | --output      | invalid value '' for --output: must not be empty",
            "--gpus=                       | --gpus        | invalid value '' for --gpus: must not be empty",
    })
    void refusesWithTheOptionAsWrittenAndAReason(String arg, String option, String message) {
        InvalidSbatchOptionException e = catchInvalid(() -> args(arg.split(" ")));
        assertThat(e.option()).isEqualTo(option);
        assertThat(e.getMessage()).startsWith(message);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> controlCharacters() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("--job-name=a\tb", "control characters are not allowed"),
                org.junit.jupiter.params.provider.Arguments.of("--job-name=a\nb", "newlines are not allowed"),
                org.junit.jupiter.params.provider.Arguments.of("--partition=a\rb", "newlines are not allowed"),
                org.junit.jupiter.params.provider.Arguments.of("--account=a\u0007b", "control characters are not allowed"),
                org.junit.jupiter.params.provider.Arguments.of("--qos=a\u0000b", "control characters are not allowed"),
                org.junit.jupiter.params.provider.Arguments.of("--wckey=a\nb", "newlines are not allowed"),
                org.junit.jupiter.params.provider.Arguments.of("--reservation=\u001b[31m", "control characters are not allowed"),
                org.junit.jupiter.params.provider.Arguments.of("--output=a\nb", "newlines are not allowed"),
                org.junit.jupiter.params.provider.Arguments.of("--error=a\u0000b", "NUL characters are not allowed"),
                org.junit.jupiter.params.provider.Arguments.of("--chdir=/tmp\n/x", "newlines are not allowed"),
                org.junit.jupiter.params.provider.Arguments.of("--input=a\rb", "newlines are not allowed"),
                org.junit.jupiter.params.provider.Arguments.of("--comment=a\nb", "newlines are not allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("controlCharacters")
    void refusesControlCharactersInNamesAndLineBreaksInPaths(String arg, String reason) {
        InvalidSbatchOptionException e = catchInvalid(() -> args(arg));
        assertThat(e.getMessage()).endsWith(reason);
    }

    @Test
    void pathsMayHoldTabsAndSpaces() {
        assertThat(args("--output=/scratch/my dir/out\t%j.log").output()).contains("/scratch/my dir/out\t%j.log");
    }

    @Test
    void aPositionalArgIsRefusedAndPointsToScriptArguments() {
        InvalidSbatchOptionException e = catchInvalid(() -> args("--time=5", "train.py", "--epochs=3"));
        assertThat(e.option()).isEqualTo("train.py");
        assertThat(e.getMessage()).isEqualTo("unexpected argument 'train.py': args may hold only sbatch options;"
                + " the script's own arguments go in scriptArguments");
    }

    @Test
    void aLoneDashAndWordsAfterDoubleDashArePositionals() {
        assertThat(catchInvalid(() -> args("-")).option()).isEqualTo("-");
        assertThat(catchInvalid(() -> args("--", "x")).option()).isEqualTo("x");
        assertThat(args("--time=5", "--").time()).contains(TimeLimit.ofMinutes(5));
    }

    @Test
    void aHeterogeneousJobSeparatorInTheArgsIsRefused() {
        InvalidSbatchOptionException e = catchInvalid(() -> args("-N", "1", ":", "-N", "2"));
        assertThat(e.option()).isEqualTo(":");
        assertThat(e.getMessage()).contains("heterogeneous jobs");
    }

    @Test
    void theFirstBadOptionIsReported() {
        assertThat(catchInvalid(() -> args("--time=x", "--frobnicate")).option()).isEqualTo("--time");
    }

    @Test
    void directiveErrorsReportTheOptionToo() {
        InvalidSbatchOptionException e = catchInvalid(() -> directive("--frobnicate"));
        assertThat(e.option()).isEqualTo("--frobnicate");
        assertThat(e.getMessage()).startsWith("unknown sbatch option --frobnicate").contains("line 2");
    }
}
