package io.longrun.adapter.out.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real processes: argument lists, standard streams, exit codes, the timeout and a clean environment. */
class ProcessCommandRunnerTest {
    final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void argumentsAreNeverInterpretedByAShell() {
        CommandRunner.Result result = runner.run(List.of("printf", "%s|", "a b", "$HOME", "; echo x", "*"), null,
                Duration.ofSeconds(10));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout()).isEqualTo("a b|$HOME|; echo x|*|");
    }

    @Test
    void stdinIsGivenAndStderrAndTheExitCodeAreKept() {
        CommandRunner.Result result = runner.run(List.of("sh", "-c", "cat; echo oops >&2; exit 3"), "#!/bin/bash\nline\n",
                Duration.ofSeconds(10));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("#!/bin/bash\nline\n");
        assertThat(result.stderr()).isEqualTo("oops\n");
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void aLargeOutputDoesNotBlock() {
        CommandRunner.Result result = runner.run(List.of("sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' x"), null,
                Duration.ofSeconds(20));

        assertThat(result.stdout()).hasSize(3_000_000);
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithItsChildren() {
        long started = System.nanoTime();
        CommandRunner.Result result = runner.run(List.of("sh", "-c", "sleep 30 & sleep 30; echo never"), null,
                Duration.ofMillis(300));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theEnvironmentIsOnlyPathAndLang() {
        CommandRunner.Result result = runner.run(List.of("env"), null, Duration.ofSeconds(10));

        assertThat(result.stdout().lines().map(line -> line.substring(0, line.indexOf('=')))).containsOnly("PATH", "LANG");
    }

    @Test
    void aMissingProgramIsAnExitCodeNotAnException() {
        CommandRunner.Result result = runner.run(List.of("/nonexistent/sbatch"), null, Duration.ofSeconds(10));

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stderr()).contains("cannot run /nonexistent/sbatch");
    }
}
