package io.longrun.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's dev Slurm cluster ({@code docker/slurm-dev/slurm-dev}), as the real-cluster tests use it.
 * Without a running cluster those tests skip themselves, unless {@code -Dlongrun.requireSlurm=true} (CI)
 * makes a missing cluster a failure.
 */
public final class DevCluster {
    private static final Path SCRIPT = Path.of("docker/slurm-dev/slurm-dev").toAbsolutePath();
    private static volatile Boolean up;

    private DevCluster() {
    }

    /** Skips the calling test when no cluster runs (fails it instead where the cluster is required). */
    public static void assumeRunning() {
        if (up == null) {
            up = run(List.of(SCRIPT.toString(), "status"), null).exitCode() == 0;
        }
        if (!up && Boolean.getBoolean("longrun.requireSlurm")) {
            throw new IllegalStateException("the dev Slurm cluster is not running: run docker/slurm-dev/slurm-dev up");
        }
        assumeTrue(up, "the dev Slurm cluster is not running (docker/slurm-dev/slurm-dev up)");
    }

    public static Path root() {
        return Path.of(run(List.of(SCRIPT.toString(), "root"), null).stdout().strip());
    }

    public static Path keyPath() {
        return Path.of(run(List.of(SCRIPT.toString(), "key-path"), null).stdout().strip());
    }

    /** A Slurm token for the user, as {@code scontrol token} would print it on the cluster. */
    public static String token(String user) {
        String printed = run(List.of(SCRIPT.toString(), "token", user), null).orThrow().stdout().strip();
        return printed.startsWith("SLURM_JWT=") ? printed.substring("SLURM_JWT=".length()) : printed;
    }

    public static String restUrl() {
        return "http://127.0.0.1:6820";
    }

    /** A path inside the cluster (as jobs see it) as the host sees it. */
    public static Path hostPath(String clusterPath) {
        return root().resolve(clusterPath.replaceFirst("^/+", ""));
    }

    /** Runs a command inside the cluster as a user, in their home directory. */
    public static Result as(String user, String stdin, String... command) {
        List<String> full = new ArrayList<>(List.of(SCRIPT.toString(), "as", user));
        full.addAll(List.of(command));
        return run(full, stdin);
    }

    public static Result cluster(String... args) {
        List<String> full = new ArrayList<>(List.of(SCRIPT.toString()));
        full.addAll(List.of(args));
        return run(full, null);
    }

    private static Result run(List<String> command, String stdin) {
        try {
            Path out = Files.createTempFile("slurm-dev", ".out");
            Path err = Files.createTempFile("slurm-dev", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            return new Result(127, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public Result orThrow() {
            if (exitCode != 0) {
                throw new IllegalStateException("exit " + exitCode + ": " + stderr + stdout);
            }
            return this;
        }
    }
}
