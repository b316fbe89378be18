package io.longrun.adapter.out.slurm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.domain.JobSubmission;
import io.longrun.domain.sbatch.ParseContext;
import io.longrun.domain.sbatch.SbatchParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sh} that gives sbatch a script file when the script has arguments, run for real with a stand-in
 * sbatch that records what it got: its options, then the file (mode 0600, the script's exact bytes), then every
 * argument exactly; the file is gone afterwards and sbatch's exit status and errors are kept.
 */
class ScriptFileCommandTest {
    final ProcessCommandRunner runner = new ProcessCommandRunner();

    @TempDir
    Path directory;

    @Test
    void sbatchGetsAPrivateCopyOfTheScriptThenEveryArgumentUnchanged() throws IOException {
        List<String> arguments = List.of("a b", "", "--time=5", "-n", "$HOME", "*", "it's \"q\"", "x\ny", "--", "é");
        String script = "#!/bin/bash\n#SBATCH -J x\necho 'é' \"$@\"\n";
        JobSubmission submission = submission(script, arguments);

        CommandRunner.Result result = runner.run(command(submission), script, Duration.ofSeconds(20));

        assertThat(result.succeeded()).as(result.stderr()).isTrue();
        assertThat(result.stdout()).isEqualTo("4242\n");
        List<String> words = List.of(Files.readString(directory.resolve("words"), StandardCharsets.UTF_8)
                .split("\0", -1));
        List<String> options = new ArrayList<>(List.of("--parsable"));
        options.addAll(SbatchCommandLine.arguments(submission, SlurmCliGatewayTest.NOW));
        String file = words.get(options.size());
        List<String> expected = new ArrayList<>(options);
        expected.add(file);
        expected.addAll(arguments);
        expected.add(""); // after the last NUL
        assertThat(words).isEqualTo(expected);
        assertThat(file).startsWith(directory.resolve("tmp") + "/longrun-script.");
        assertThat(Files.readString(directory.resolve("copy"), StandardCharsets.UTF_8)).isEqualTo(script);
        assertThat(Files.readString(directory.resolve("mode")).strip()).isEqualTo("600");
        assertThat(Path.of(file)).doesNotExist();
    }

    @Test
    void sbatchsExitStatusAndErrorsAreKeptAndTheFileIsRemovedAnyway() throws IOException {
        CommandRunner.Result result = runner.run(command(submission("#!/bin/bash\n", List.of("fail"))), "#!/bin/bash\n",
                Duration.ofSeconds(20));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("Batch job submission failed: nope");
        try (var left = Files.list(directory.resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    private static JobSubmission submission(String script, List<String> arguments) {
        return new JobSubmission(UUID.randomUUID(), 1, "alice", script, null, Map.of("PATH", "/usr/bin:/bin"),
                SbatchParser.parse(script, List.of("--time=1"), new ParseContext(SlurmCliGatewayTest.CLOCK,
                        ZoneOffset.UTC)), null, null, false, "longrun:test:1", arguments);
    }

    /** The adapter's command, with a stand-in sbatch and the temporary files made in this test's directory. */
    private List<String> command(JobSubmission submission) throws IOException {
        Path tmp = Files.createDirectories(directory.resolve("tmp"));
        Path sbatch = directory.resolve("sbatch");
        // records its words NUL-separated, and copies the script file (the word in the temporary directory)
        Files.writeString(sbatch, """
                #!/bin/sh
                d='%s'
                : > "$d/words"
                for a do
                  printf '%%s\\0' "$a" >> "$d/words"
                  case $a in "$d/tmp/"*) cat "$a" > "$d/copy"; stat -c %%a "$a" > "$d/mode";; esac
                  [ "$a" = fail ] && { echo 'sbatch: error: Batch job submission failed: nope' >&2; exit 1; }
                done
                echo 4242
                """.formatted(directory));
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwx------"));
        List<String> command = new ArrayList<>(SbatchCommandLine.of(submission, new SlurmCliProperties.Commands(
                sbatch.toString(), "squeue", "sacct", "scancel", "scontrol", "env", "sh"), SlurmCliGatewayTest.NOW));
        assertThat(command.subList(0, 2)).containsExactly("sh", "-c");
        command.set(2, "TMPDIR='" + tmp + "'; export TMPDIR\n" + command.get(2));
        return command;
    }
}
