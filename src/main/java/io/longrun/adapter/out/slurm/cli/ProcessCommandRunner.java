package io.longrun.adapter.out.slurm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands with {@link ProcessBuilder}, never through a shell. Standard input, output and error go through
 * temporary files (readable by Longrun only) rather than pipes, so that neither a large output nor a command that
 * does not read its input can block the caller past the timeout. The environment is cleared to {@code PATH} and
 * {@code LANG}: settings such as {@code SQUEUE_STATES} in Longrun's own environment must not change what a command
 * answers.
 */
public class ProcessCommandRunner implements CommandRunner {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    @Override
    public Result run(List<String> command, String stdin, Duration timeout) {
        List<Path> files = new ArrayList<>();
        try {
            Path out = temporary(files, ".out");
            Path err = temporary(files, ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (stdin != null) {
                Path in = temporary(files, ".in");
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
                builder.redirectInput(in.toFile());
            } else {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Map<String, String> environment = builder.environment();
            String path = environment.getOrDefault("PATH", DEFAULT_PATH);
            environment.clear();
            environment.put("PATH", path);
            environment.put("LANG", "C.UTF-8");

            Process process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                kill(process);
                Thread.currentThread().interrupt();
                return new Result(-1, read(out), "interrupted while waiting for " + command.get(0), true);
            }
            if (!finished) {
                kill(process);
                return new Result(-1, read(out), read(err), true);
            }
            return new Result(process.exitValue(), read(out), read(err), false);
        } catch (IOException e) {
            // Not started at all (no such program, no temporary directory): the command could not run.
            return new Result(127, "", "cannot run " + command.get(0) + ": " + e.getMessage(), false);
        } finally {
            for (Path file : files) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // A leftover temporary file is no reason to fail a Slurm call.
                }
            }
        }
    }

    /** The prefix (sudo, runuser) may have started children of its own: they go too. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path temporary(List<Path> files, String suffix) throws IOException {
        Path file = Files.createTempFile("longrun-slurm-", suffix); // rw------- on POSIX file systems
        files.add(file);
        return file;
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8); // malformed bytes become U+FFFD
    }
}
