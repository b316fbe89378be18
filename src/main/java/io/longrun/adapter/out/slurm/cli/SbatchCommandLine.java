package io.longrun.adapter.out.slurm.cli;

import io.longrun.domain.JobSubmission;
import io.longrun.domain.sbatch.SbatchOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sbatch command for a submission, after the user prefix: {@code env -i -C <submit dir> -- NAME=VALUE… sbatch
 * --parsable --export=ALL <options>}. sbatch gets exactly the submission's environment as its own and exports all of it, so
 * the job sees that environment and nothing of Longrun's or the prefix's (as with slurmrestd, where the environment
 * is a field). The script comes on standard input.
 */
final class SbatchCommandLine {
    /** Options the submission itself decides (paths with the chain's {@code %j}, append mode, tag, environment). */
    private static final Set<String> REPLACED = Set.of("--output", "--error", "--chdir", "--comment", "--export",
            "--begin", "--deadline");

    private static final String SUBMIT_DIR = "SLURM_SUBMIT_DIR";

    private SbatchCommandLine() {
    }

    static List<String> of(JobSubmission submission, SlurmCliProperties.Commands commands, Instant now) {
        List<String> command = new ArrayList<>();
        command.add(commands.env());
        command.add("-i");
        // sbatch sets SLURM_SUBMIT_DIR to the directory it runs in, whatever the environment says: run it where the
        // submission says it was submitted from, as slurmrestd is told
        String submitDirectory = submission.environment().getOrDefault(SUBMIT_DIR, submission.workingDirectory());
        if (submitDirectory != null) {
            command.add("-C");
            command.add(submitDirectory);
        }
        command.add("--");
        for (Map.Entry<String, String> variable : submission.environment().entrySet()) {
            command.add(variable.getKey() + "=" + variable.getValue());
        }
        command.add(commands.sbatch());
        command.add("--parsable");
        command.addAll(arguments(submission, now));
        return command;
    }

    /** sbatch's options for the submission (without {@code --parsable}). */
    static List<String> arguments(JobSubmission submission, Instant now) {
        SbatchOptions options = submission.options();
        List<String> args = new ArrayList<>();
        for (String arg : options.toArgs()) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!REPLACED.contains(name) && !(submission.append() && name.equals("--open-mode"))) {
                args.add(arg);
            }
        }
        if (submission.workingDirectory() != null) {
            args.add("--chdir=" + submission.workingDirectory());
        }
        if (submission.standardOutput() != null) {
            args.add("--output=" + submission.standardOutput());
        }
        if (submission.standardError() != null) {
            args.add("--error=" + submission.standardError());
        }
        if (submission.append()) {
            args.add("--open-mode=append");
        }
        if (submission.comment() != null) {
            args.add("--comment=" + submission.comment());
        }
        args.add("--export=ALL");
        // Relative to sbatch's own clock: absolute local times would depend on the time zone sbatch runs in, and a
        // TZ variable given to sbatch would be exported into the job. Exact to the second.
        options.begin().ifPresent(begin -> {
            long seconds = Duration.between(now, begin).toSeconds();
            if (seconds > 0) {
                args.add("--begin=now+" + seconds);
            }
        });
        options.deadline().ifPresent(deadline -> {
            long seconds = Duration.between(now, deadline).toSeconds();
            args.add(seconds > 0 ? "--deadline=now+" + seconds : "--deadline=now");
        });
        return args;
    }
}
