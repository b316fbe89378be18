package io.longrun.domain.sbatch;

import static io.longrun.domain.sbatch.ParserFixtures.CONTEXT;
import static io.longrun.domain.sbatch.ParserFixtures.directive;
import static io.longrun.domain.sbatch.ParserFixtures.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How directives are found in a script and split into words. */
class ScriptDirectivesTest {

    @Test
    void readsTheLeadingDirectiveBlock() {
        SbatchOptions options = script("""
                #SBATCH --job-name=train
                #SBATCH -p gpu
                # a comment between directives

                #SBATCH --time=90
                srun ./train
                """);
        assertThat(options.jobName()).contains("train");
        assertThat(options.partition()).contains("gpu");
        assertThat(options.time()).contains(TimeLimit.ofMinutes(90));
    }

    @Test
    void ignoresDirectivesAfterTheFirstCommand() {
        SbatchOptions options = script("""
                #SBATCH --job-name=first
                module load python
                #SBATCH --time=90
                #SBATCH --job-name=second
                """);
        assertThat(options.jobName()).contains("first");
        assertThat(options.time()).isEmpty();
    }

    @Test
    void aCommandAfterLeadingBlanksStillEndsTheBlock() {
        SbatchOptions options = script("   \t echo hi\n#SBATCH --time=5\n");
        assertThat(options.time()).isEmpty();
    }

    @Test
    void indentedDirectivesAreCommentsNotDirectives() {
        SbatchOptions options = script("  #SBATCH --time=5\n\t#SBATCH --job-name=x\n#SBATCH --qos=normal\n");
        assertThat(options.time()).isEmpty();
        assertThat(options.jobName()).isEmpty();
        assertThat(options.qos()).contains("normal");
    }

    @Test
    void lowerCaseOrSpacedMagicWordsAreComments() {
        SbatchOptions options = script("#sbatch --time=5\n# SBATCH --job-name=x\n#  SBATCH --qos=q\n");
        assertThat(options.isEmpty()).isTrue();
    }

    @Test
    void theOldSlurmMagicWordStillCounts() {
        assertThat(script("#SLURM --time=5\n").time()).contains(TimeLimit.ofMinutes(5));
    }

    @Test
    void wordsMayFollowTheMagicWordWithoutASpace() {
        assertThat(script("#SBATCH--time=5\n").time()).contains(TimeLimit.ofMinutes(5));
    }

    @Test
    void textGluedToTheMagicWordIsAnInvalidDirective() {
        assertThatThrownBy(() -> script("#SBATCHX --time=5\n"))
                .isInstanceOf(InvalidSbatchOptionException.class)
                .hasMessageContaining("invalid directive 'X'")
                .extracting(e -> ((InvalidSbatchOptionException) e).option()).isEqualTo("X");
    }

    @Test
    void severalOptionsOnOneLine() {
        SbatchOptions options = directive("-J job -t 10 --mem=2G   --hold");
        assertThat(options.jobName()).contains("job");
        assertThat(options.time()).contains(TimeLimit.ofMinutes(10));
        assertThat(options.memMiB()).hasValue(2048);
        assertThat(options.hold()).isTrue();
    }

    @Test
    void aValueMayComeFromTheNextDirectiveLine() {
        assertThat(script("#SBATCH --job-name\n#SBATCH next-line\n").jobName()).contains("next-line");
    }

    @Test
    void aValueCannotComeFromTheArgs() {
        assertThatThrownBy(() -> script("#SBATCH --job-name\n", "--time=5"))
                .isInstanceOf(InvalidSbatchOptionException.class)
                .hasMessageContaining("requires a value");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--job-name=\"my job\"          | my job",
            "--job-name='my job'            | my job",
            "--job-name \"my job\"          | my job",
            "\"--job-name=my job\"          | my job",
            "--job-name=my\" \"job          | my job",
            "--job-name=\"it's\"            | it's",
            "--job-name='say \"hi\"'        | say \"hi\"",
            "--job-name=\"a\\\"b\"          | a\"b",
            "--job-name=\"a#b\"             | a#b",
            "--job-name=a\\#b               | a#b",
            "--job-name=plain # comment     | plain",
            "--job-name=plain#comment       | plain",
            "--job-name=x   #--time=5       | x",
    })
    void quotesEscapesAndCommentsAsSbatch(String directive, String jobName) {
        SbatchOptions options = directive(directive);
        assertThat(options.jobName()).contains(jobName);
        assertThat(options.time()).isEmpty();
    }

    @Test
    void aBackslashDoesNotEscapeABlankAsInSbatch() {
        // get_argument stops at the blank before it looks at the pending escape
        assertThatThrownBy(() -> directive("--job-name=my\\ job"))
                .isInstanceOf(InvalidSbatchOptionException.class)
                .hasMessageContaining("invalid directive 'job'");
    }

    @Test
    void anEmptyQuotedWordEndsTheLineAsInSbatch() {
        SbatchOptions options = directive("--comment=x \"\" --time=5");
        assertThat(options.comment()).contains("x");
        assertThat(options.time()).isEmpty();
    }

    @Test
    void anUnmatchedQuoteIsAScriptError() {
        assertThatThrownBy(() -> script("#SBATCH --job-name=\"oops\n"))
                .isInstanceOf(InvalidSbatchScriptException.class)
                .hasMessageContaining("unmatched \"")
                .hasMessageContaining("line 2");
    }

    @Test
    void directiveErrorsNameTheScriptLine() {
        InvalidSbatchOptionException e = catchInvalid(() -> script("#SBATCH -J ok\n\n#SBATCH --time=1:xx\n"));
        assertThat(e.line()).isEqualTo(OptionalInt.of(4));
        assertThat(e.option()).isEqualTo("--time");
        assertThat(e.getMessage()).startsWith("invalid time limit '1:xx' for --time: ").contains("line 4");
    }

    @Test
    void argErrorsHaveNoLine() {
        InvalidSbatchOptionException e = catchInvalid(() -> script("", "--time=1:xx"));
        assertThat(e.line()).isEmpty();
        assertThat(e.getMessage()).doesNotContain("line");
    }

    @Test
    void aNonOptionWordInADirectiveIsRefused() {
        InvalidSbatchOptionException e = catchInvalid(() -> directive("--time=5 train.py"));
        assertThat(e.option()).isEqualTo("train.py");
        assertThat(e.getMessage()).contains("invalid directive 'train.py'");
    }

    @Test
    void anOptionalValueAfterASpaceIsASeparateWordAsInSbatch() {
        InvalidSbatchOptionException e = catchInvalid(() -> directive("--nice 10"));
        assertThat(e.option()).isEqualTo("10");
        assertThat(e.getMessage()).contains("--nice takes a value only as --nice=value");
    }

    @Test
    void aDoubleDashEndsTheOptions() {
        assertThat(directive("--time=5 --").time()).contains(TimeLimit.ofMinutes(5));
        assertThatThrownBy(() -> directive("-- --time=5"))
                .isInstanceOf(InvalidSbatchOptionException.class)
                .hasMessageContaining("invalid directive '--time=5'");
    }

    @Test
    void aHeterogeneousJobIsRefused() {
        assertThatThrownBy(() -> script("#SBATCH -n 1\n#SBATCH hetjob\n#SBATCH -n 2\n"))
                .isInstanceOf(InvalidSbatchScriptException.class)
                .hasMessageContaining("heterogeneous");
        assertThatThrownBy(() -> script("#SBATCH --comment=PackJob-test\n"))
                .isInstanceOf(InvalidSbatchScriptException.class);
    }

    @Test
    void dosLineBreaksAreRefused() {
        InvalidSbatchOptionException e = catchInvalid(() ->
                SbatchParser.parse("#!/bin/bash\r\n#SBATCH -t 5\r\necho\r\n", List.of(), CONTEXT));
        assertThat(e).isInstanceOf(InvalidSbatchScriptException.class);
        assertThat(e.getMessage()).contains("script has DOS line breaks");
        assertThat(e.option()).isEmpty();
    }

    @Test
    void aLoneCarriageReturnIsJustWhitespace() {
        SbatchOptions options = SbatchParser.parse("#!/bin/bash\n#SBATCH -t 5\r\n".replace("\r\n", "\r"),
                List.of(), CONTEXT);
        assertThat(options.time()).contains(TimeLimit.ofMinutes(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " \n\t\n", "echo hi\n", "#SBATCH -t 5\n#!/bin/bash\n", " #!/bin/bash\n",
            "#!/bin/bash\necho \0\n"})
    void scriptsSbatchRefuses(String script) {
        assertThatThrownBy(() -> SbatchParser.parse(script, List.of(), CONTEXT))
                .isInstanceOf(InvalidSbatchScriptException.class);
    }

    @Test
    void nullScriptIsRefusedAsEmpty() {
        assertThatThrownBy(() -> SbatchParser.parse(null, List.of(), CONTEXT))
                .isInstanceOf(InvalidSbatchScriptException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aScriptWithOnlyTheShebangHasNoOptions() {
        SbatchOptions options = SbatchParser.parse("#!/bin/sh", List.of(), CONTEXT);
        assertThat(options).isEqualTo(SbatchOptions.empty());
        assertThat(options.specified()).isEmpty();
        assertThat(options.toArgs()).isEmpty();
    }

    @Test
    void theLastDirectiveLineNeedsNoNewline() {
        assertThat(SbatchParser.parse("#!/bin/sh\n#SBATCH -t 7", List.of(), CONTEXT).time())
                .contains(TimeLimit.ofMinutes(7));
    }

    static InvalidSbatchOptionException catchInvalid(Runnable action) {
        try {
            action.run();
        } catch (InvalidSbatchOptionException e) {
            return e;
        }
        throw new AssertionError("expected InvalidSbatchOptionException");
    }
}
