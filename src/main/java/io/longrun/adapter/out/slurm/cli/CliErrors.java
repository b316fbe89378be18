package io.longrun.adapter.out.slurm.cli;

import io.longrun.adapter.out.slurm.SlurmErrorKinds;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.application.port.out.SlurmGatewayException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed Slurm command into a {@link SlurmGatewayException}, classified like slurmrestd's errors. Slurm's
 * commands print {@code sbatch: error: Batch job submission failed: <Slurm's message>}, sometimes after a line
 * naming the limit ({@code sbatch: error: AssocMaxSubmitJobLimit}); loaders print
 * {@code slurm_load_jobs error: <message>}. A command that failed without such a line never reached Slurm (a
 * wrong prefix, a missing program): transient, as it is Longrun's configuration and not the chain's fault.
 */
final class CliErrors {
    private static final Pattern ERROR_LINE = Pattern.compile("^\\S+:? error: (.+)$");
    private static final String SUBMIT_FAILED = "Batch job submission failed: ";
    static final String INVALID_JOB_ID = "Invalid job id specified";
    private static final String NO_DIRECTORY = "env: cannot change directory to";

    private CliErrors() {
    }

    /** Slurm's error messages in what a command printed, as Slurm wrote them. */
    static List<String> slurmErrors(String stderr) {
        List<String> errors = new ArrayList<>();
        for (String line : stderr.split("\\R")) {
            Matcher matcher = ERROR_LINE.matcher(line.strip());
            if (matcher.matches()) {
                String text = matcher.group(1).strip();
                errors.add(text.startsWith(SUBMIT_FAILED) ? text.substring(SUBMIT_FAILED.length()).strip() : text);
            }
        }
        return errors;
    }

    static boolean isUnknownJob(CommandRunner.Result result) {
        return slurmErrors(result.stderr()).stream().anyMatch(error -> error.contains(INVALID_JOB_ID));
    }

    static SlurmGatewayException failure(String operation, String program, CommandRunner.Result result,
                                         Duration timeout) {
        if (result.timedOut()) {
            return new SlurmGatewayException(Kind.TRANSIENT, operation + " failed: " + program + " did not finish within "
                    + timeout + " and was killed", List.of(), null);
        }
        List<String> errors = slurmErrors(result.stderr());
        if (errors.isEmpty() && result.stderr().contains(NO_DIRECTORY)) {
            // env -C: the submission's directory does not exist (or is not the user's): the chain's problem
            return new SlurmGatewayException(Kind.PERMANENT, operation + " failed: " + abbreviate(result.stderr()),
                    List.of(result.stderr().strip()), null);
        }
        if (errors.isEmpty()) {
            return new SlurmGatewayException(Kind.TRANSIENT, operation + " failed: " + program + " exited with "
                    + result.exitCode() + " (" + abbreviate(result.stderr().isBlank() ? result.stdout() : result.stderr())
                    + ")", List.of(), null);
        }
        Kind kind = SlurmErrorKinds.classify(errors.stream().map(text -> new SlurmErrorKinds.Error(null, text)).toList());
        return new SlurmGatewayException(kind, SlurmErrorKinds.message(operation, kind, String.join("; ", errors)),
                errors, null);
    }

    private static String abbreviate(String text) {
        String stripped = text.strip().replaceAll("\\s*\\R\\s*", " | ");
        return stripped.length() <= 300 ? stripped : stripped.substring(0, 300) + "…";
    }
}
