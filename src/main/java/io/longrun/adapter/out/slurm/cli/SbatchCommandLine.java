package io.longrun.adapter.out.slurm.cli;

import io.longrun.domain.JobSubmission;
import io.longrun.domain.JobTag;
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
 *
 * <p>sbatch takes script arguments only after a script <em>file</em> ({@code sbatch [options] file arg…}), and
 * {@code /dev/stdin} cannot serve as that file behind a user switch (the pipe belongs to Longrun's user, so sbatch
 * running as the chain's user may not open it again). So a script with arguments goes through {@link #SCRIPT_FILE}:
 * a small {@code sh} run as the chain's user (behind the same prefix, so in the same file system and chroot as
 * sbatch) copies standard input to a file of its own made by {@code mktemp} (mode 0600: readable by that user
 * only), runs the same {@code env … sbatch …} command with the file's path and then the arguments, and removes the
 * file when sbatch returns, keeping sbatch's exit status. The arguments stay separate words from end to end (never
 * part of a shell command line), so nothing expands them.
 */
final class SbatchCommandLine {
    /** Options the submission itself decides (paths with the chain's {@code %j}, append mode, tag, environment). */
    private static final Set<String> REPLACED = Set.of("--output", "--error", "--chdir", "--comment", "--export",
            "--begin", "--deadline");

    private static final String SUBMIT_DIR = "SLURM_SUBMIT_DIR";

    /**
     * {@code sh -c SCRIPT_FILE sh N word…}: the first N words are the sbatch command, the rest the script's
     * arguments; the temporary script file's path goes between them.
     */
    static final String SCRIPT_FILE = String.join("\n",
            "n=$1; shift",
            "f=$(mktemp \"${TMPDIR:-/tmp}/longrun-script.XXXXXXXXXX\") || exit 1",
            "trap 'rm -f -- \"$f\"; exit 143' HUP INT TERM",
            "cat > \"$f\" || { rm -f -- \"$f\"; exit 1; }",
            "i=0",
            "for a do",
            "  shift",
            "  if [ \"$i\" -eq \"$n\" ]; then set -- \"$@\" \"$f\"; fi",
            "  set -- \"$@\" \"$a\"",
            "  i=$((i + 1))",
            "done",
            "\"$@\"; s=$?",
            "rm -f -- \"$f\"",
            "exit \"$s\"");

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
        if (submission.scriptArguments().isEmpty()) {
            return command;
        }
        List<String> throughFile = new ArrayList<>(command.size() + submission.scriptArguments().size() + 5);
        throughFile.addAll(List.of(commands.sh(), "-c", SCRIPT_FILE, "sh", Integer.toString(command.size())));
        throughFile.addAll(command);
        throughFile.addAll(submission.scriptArguments());
        return throughFile;
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
        // The user's own comment, then the chain's tag (as the REST adapter sends it).
        String comment = JobTag.comment(options, submission.comment());
        if (comment != null) {
            args.add("--comment=" + comment);
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
