package io.longrun.domain;

import io.longrun.domain.sbatch.OpenMode;
import io.longrun.domain.sbatch.ParseContext;
import io.longrun.domain.sbatch.SbatchOptions;
import io.longrun.domain.sbatch.SbatchParser;
import io.longrun.domain.sbatch.TimeLimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a chain's current attempt into a {@link JobSubmission}: the chain's script and options, plus
 * what makes the attempts of one chain behave as one long job (one log, append mode, the
 * {@code SLURM_LONGRUN_*} variables).
 */
public final class SubmissionPlanner {
    public static final String INITIAL_JOB_ID = "SLURM_LONGRUN_INITIAL_JOB_ID";
    public static final String CHAIN_ID = "SLURM_LONGRUN_CHAIN_ID";
    public static final String ATTEMPT = "SLURM_LONGRUN_ATTEMPT";
    public static final String RESUBMIT_EXIT_CODE = "SLURM_LONGRUN_RESUBMIT_EXIT_CODE";
    /** sbatch's own default output name; attempts after the first fill in the first job's id. */
    static final String DEFAULT_OUTPUT = "slurm-%j.out";
    /** What sbatch names a job whose script came on standard input and which has no --job-name. */
    static final String DEFAULT_JOB_NAME = "sbatch";

    private final JobDefaults defaults;

    public SubmissionPlanner(JobDefaults defaults) {
        this.defaults = defaults;
    }

    /** Reads and checks a script and its args as the chain would; throws on an invalid option. */
    public static SbatchOptions readOptions(String script, List<String> args, ParseContext context) {
        return SbatchParser.parse(script, args, context);
    }

    public JobSubmission plan(Chain chain, ParseContext context) {
        Attempt attempt = chain.currentAttempt();
        SbatchOptions options = readOptions(chain.script(), chain.args(), context);
        List<String> implied = new ArrayList<>();
        if (options.jobName().isEmpty()) {
            implied.add("--job-name=" + DEFAULT_JOB_NAME);
        }
        if (options.requeue().isEmpty()) {
            // Longrun owns the retries: a job Slurm requeued itself would rerun under the same id, without
            // append mode and outside the chain's policy.
            implied.add("--no-requeue");
        }
        if (!implied.isEmpty()) {
            options = options.withOverrides(SbatchParser.parseArgs(implied, context));
        }
        Optional<Long> initialJobId = attempt.number() == 1 ? Optional.empty() : chain.initialJobId();
        if (attempt.number() > 1 && initialJobId.isEmpty()) {
            throw new IllegalStateException("chain " + chain.id() + " has no first job id");
        }
        if (attempt.number() > 1) {
            requireDeadlineAhead(options, context);
        }

        // The first attempt keeps Slurm's own default (slurm-%j.out) when the script names no output, exactly
        // as sbatch would; later attempts name the first job's file so the whole chain writes one log.
        String output = options.output().orElse(null);
        String error = options.error().orElse(null);
        if (initialJobId.isPresent()) {
            output = withFirstJobId(output == null ? DEFAULT_OUTPUT : output, initialJobId.get());
            error = error == null ? null : withFirstJobId(error, initialJobId.get());
        }
        boolean append = attempt.number() > 1 || options.openMode().map(mode -> mode == OpenMode.APPEND).orElse(false);

        // The submitter environment sbatch would have had, filtered by --export as sbatch does (JobEnvironment);
        // the SLURM_LONGRUN_* variables always come on top.
        Map<String, String> submitter = new LinkedHashMap<>(defaults.baseEnvironment());
        submitter.putAll(chain.environment());
        String submitDirectory = chain.workingDirectory() != null ? chain.workingDirectory()
                : defaults.workingDirectoryFor(chain.user());
        Map<String, String> environment = new LinkedHashMap<>(
                JobEnvironment.of(submitter, submitDirectory, options.export()).variables());
        environment.put(CHAIN_ID, chain.id().toString());
        environment.put(ATTEMPT, Integer.toString(attempt.number()));
        initialJobId.ifPresent(id -> environment.put(INITIAL_JOB_ID, Long.toString(id)));
        chain.policy().resubmitExitCodes().stream().sorted().findFirst()
                .ifPresent(code -> environment.put(RESUBMIT_EXIT_CODE, Integer.toString(code)));

        return new JobSubmission(chain.id(), attempt.number(), chain.user(),
                CheckpointVariables.exportInitialJobId(chain.script()),
                workingDirectory(chain, options), environment, options, output, error, append,
                JobTag.of(chain, attempt), chain.scriptArguments());
    }

    /**
     * A resubmission whose --deadline leaves no room for its time limit could never run (Slurm refuses it), so
     * the chain stops with that reason instead. A relative deadline ({@code now+2hours}) is read anew for
     * every attempt, so it moves on with the chain.
     */
    private static void requireDeadlineAhead(SbatchOptions options, ParseContext context) {
        if (options.deadline().isEmpty()) {
            return;
        }
        java.time.Instant earliestEnd = context.clock().instant()
                .plus(java.time.Duration.ofMinutes(options.time().filter(limit -> !limit.unlimited())
                        .map(TimeLimit::minutes).orElse(0L)));
        if (options.deadline().get().isBefore(earliestEnd)) {
            throw new IllegalStateException("the --deadline " + options.deadline().get()
                    + " leaves no room for another attempt's time limit");
        }
    }

    private String workingDirectory(Chain chain, SbatchOptions options) {
        String base = chain.workingDirectory() != null ? chain.workingDirectory()
                : defaults.workingDirectoryFor(chain.user());
        return options.chdir()
                .map(dir -> dir.startsWith("/") ? dir : base.replaceAll("/+$", "") + "/" + dir)
                .orElse(base);
    }

    /**
     * {@code %j} in a path means "this job's id" to Slurm; for a chain it means the first job's id, so
     * every attempt writes the same file.
     */
    static String withFirstJobId(String path, long initialJobId) {
        return path.replace("%j", Long.toString(initialJobId));
    }

}
