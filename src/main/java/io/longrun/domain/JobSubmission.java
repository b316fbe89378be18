package io.longrun.domain;

import io.longrun.domain.sbatch.SbatchOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything needed to submit one attempt, independent of how it reaches Slurm.
 *
 * @param options        the sbatch options read from the script and the chain's args
 * @param standardOutput the output path to use (chain defaults and {@code %j} handling applied)
 * @param standardError  the error path, or null to let Slurm write errors to the output file
 * @param append         open the output files in append mode (every attempt after the first)
 * @param comment        tags the job with its chain and attempt, so a job can be traced back
 * @param scriptArguments the script's own arguments ({@code $1 $2 …}), as after the script on sbatch's command line
 */
public record JobSubmission(UUID chainId, int attempt, String user, String script, String workingDirectory,
                            Map<String, String> environment, SbatchOptions options, String standardOutput,
                            String standardError, boolean append, String comment, List<String> scriptArguments) {

    public JobSubmission {
        scriptArguments = scriptArguments == null ? List.of() : List.copyOf(scriptArguments);
    }

    /** A submission of a script that takes no arguments. */
    public JobSubmission(UUID chainId, int attempt, String user, String script, String workingDirectory,
                         Map<String, String> environment, SbatchOptions options, String standardOutput,
                         String standardError, boolean append, String comment) {
        this(chainId, attempt, user, script, workingDirectory, environment, options, standardOutput, standardError,
                append, comment, List.of());
    }
}
