package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.longrun.cli.SbatchCommandLine.Verbosity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SbatchCommandLineTest {

    static List<List<String>> sbatchForms() {
        return List.of(
                List.of("-J", "x"),
                List.of("-Jx"),
                List.of("--job-name=x"),
                List.of("--job-name", "x"),
                List.of("--time", "10"),
                List.of("-t10"),
                List.of("-t", "10"),
                List.of("--time=1"),
                List.of("--signal=SIGTERM@20"),
                List.of("--signal", "B:TERM@60"),
                List.of("--comment", "two words, 'quoted' \"inside\""),
                List.of("--comment=a value with spaces"),
                List.of("--comment", "--detached"),
                List.of("-J", "--max-restarts"),
                List.of("--ti", "5"),
                List.of("-H"),
                List.of("--hold"),
                List.of("-HJ", "name"),
                List.of("--exclusive"),
                List.of("--exclusive=user"),
                List.of("--nice"),
                List.of("-p", "debug", "-N1", "--ntasks-per-node", "2", "-o", "out-%j.log", "--open-mode=append"),
                List.of("--mail-type=END,FAIL", "--export=ALL,FOO=bar"),
                List.of("--requeue", "--no-requeue"));
    }

    @ParameterizedTest
    @MethodSource("sbatchForms")
    void everySbatchArgumentFormPassesThroughUnchanged(List<String> sbatch) {
        List<String> words = new java.util.ArrayList<>(sbatch);
        words.add("job.sh");

        SbatchCommandLine line = SbatchCommandLine.parse(words);

        assertThat(line.sbatchArgs()).containsExactlyElementsOf(sbatch);
        assertThat(line.script()).isEqualTo("job.sh");
        assertThat(line.scriptArgs()).isEmpty();
    }

    @Test
    void theOldToolsDemonstrationCommand() {
        SbatchCommandLine line = SbatchCommandLine.parse(
                List.of("--max-restarts", "5", "--signal=SIGTERM@20", "run_job.sbatch"));

        assertThat(line.maxRestarts()).isEqualTo(5);
        assertThat(line.detached()).isFalse();
        assertThat(line.verbosity()).isEqualTo(Verbosity.DEFAULT);
        assertThat(line.sbatchArgs()).containsExactly("--signal=SIGTERM@20");
        assertThat(line.script()).isEqualTo("run_job.sbatch");
    }

    @Test
    void wrapperOptionsInEveryFormAndTheirDefaults() {
        assertThat(SbatchCommandLine.parse(List.of("job.sh")))
                .extracting(SbatchCommandLine::maxRestarts, SbatchCommandLine::detached, SbatchCommandLine::verbosity)
                .containsExactly(999, false, Verbosity.DEFAULT);
        SbatchCommandLine line = SbatchCommandLine.parse(List.of("--max-restarts=3", "--detached",
                "--use-verbosity", "verbose", "--token-file", "/tmp/t", "-t", "5", "job.sh"));
        assertThat(line.maxRestarts()).isEqualTo(3);
        assertThat(line.detached()).isTrue();
        assertThat(line.verbosity()).isEqualTo(Verbosity.VERBOSE);
        assertThat(line.tokenFile()).isEqualTo("/tmp/t");
        assertThat(line.sbatchArgs()).containsExactly("-t", "5");
        assertThat(SbatchCommandLine.parse(List.of("--use-verbosity=SILENT", "job.sh")).verbosity())
                .isEqualTo(Verbosity.SILENT);
    }

    @Test
    void wrapperOptionsAfterTheScriptAreTheScriptsArguments() {
        SbatchCommandLine line = SbatchCommandLine.parse(List.of("--time=1", "job.sh", "--max-restarts", "3",
                "--detached", "-J", "x"));

        assertThat(line.maxRestarts()).isEqualTo(999);
        assertThat(line.detached()).isFalse();
        assertThat(line.sbatchArgs()).containsExactly("--time=1");
        assertThat(line.script()).isEqualTo("job.sh");
        assertThat(line.scriptArgs()).containsExactly("--max-restarts", "3", "--detached", "-J", "x");
    }

    @Test
    void aDoubleDashEndsTheOptions() {
        SbatchCommandLine line = SbatchCommandLine.parse(List.of("-t", "5", "--", "--weird-name.sh", "arg"));

        assertThat(line.sbatchArgs()).containsExactly("-t", "5", "--");
        assertThat(line.script()).isEqualTo("--weird-name.sh");
        assertThat(line.scriptArgs()).containsExactly("arg");
    }

    @Test
    void noScript() {
        assertThat(SbatchCommandLine.parse(List.of("-t", "5")).script()).isNull();
        assertThat(SbatchCommandLine.parse(List.of("--help")).help()).isTrue();
    }

    @Test
    void badWrapperValuesAreUsageErrors() {
        assertThatThrownBy(() -> SbatchCommandLine.parse(List.of("--max-restarts", "many", "job.sh")))
                .isInstanceOf(UsageException.class).hasMessageContaining("many");
        assertThatThrownBy(() -> SbatchCommandLine.parse(List.of("--use-verbosity", "LOUD", "job.sh")))
                .isInstanceOf(UsageException.class).hasMessageContaining("DEFAULT, VERBOSE or SILENT");
        assertThatThrownBy(() -> SbatchCommandLine.parse(List.of("--max-restarts")))
                .isInstanceOf(UsageException.class).hasMessageContaining("requires a value");
    }

    @Test
    void whetherTheOptionsNameTheJob() {
        assertThat(SbatchCommandLine.parse(List.of("-J", "x", "a.sh")).namesJob()).isTrue();
        assertThat(SbatchCommandLine.parse(List.of("-HJx", "a.sh")).namesJob()).isTrue();
        assertThat(SbatchCommandLine.parse(List.of("--job-name=x", "a.sh")).namesJob()).isTrue();
        assertThat(SbatchCommandLine.parse(List.of("--job", "x", "a.sh")).namesJob()).isTrue();
        assertThat(SbatchCommandLine.parse(List.of("--comment", "-J", "a.sh")).namesJob()).isFalse();
        assertThat(SbatchCommandLine.parse(List.of("-t5", "a.sh")).namesJob()).isFalse();
        assertThat(SbatchCommandLine.parse(List.of("-tJ", "a.sh")).namesJob()).isFalse();
    }
}
