package io.longrun.adapter.out.slurm.cli;

import io.longrun.application.port.out.SlurmGateway;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.application.port.out.SlurmGatewayException.Kind;
import io.longrun.domain.JobStatus;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.sbatch.InvalidSbatchOptionException;
import io.longrun.domain.sbatch.SbatchOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Slurm through its command line: {@code sbatch --parsable}, {@code squeue --json}, {@code sacct --json},
 * {@code scancel}, {@code scontrol ping}, each as an argument list behind the configured user prefix, each with a
 * timeout. Status queries are batched like the REST adapter's: one {@code squeue} for many jobs.
 */
public class SlurmCliGateway implements SlurmGateway {
    /** A user name as Slurm and useradd accept them; never an option for the prefix ({@code -u -s}). */
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}\\$?");
    private static final Pattern JOB_ID = Pattern.compile("(\\d+)(;.*)?");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final CommandRunner runner;
    private final SlurmCliProperties properties;
    private final Clock clock;
    private final String ownUser;

    public SlurmCliGateway(CommandRunner runner, SlurmCliProperties properties, Clock clock) {
        this(runner, properties, clock, System.getProperty("user.name"));
    }

    SlurmCliGateway(CommandRunner runner, SlurmCliProperties properties, Clock clock, String ownUser) {
        this.runner = runner;
        this.properties = properties;
        this.clock = clock;
        this.ownUser = ownUser;
    }

    @Override
    public void checkSupported(SbatchOptions options) {
        // sbatch takes every option the parser reads; arrays wait until chains of arrays are designed.
        if (options.array().isPresent()) {
            throw new InvalidSbatchOptionException("--array", "sbatch option --array is not supported: a chain "
                    + "resubmits one job, and chains of job arrays are not designed yet");
        }
    }

    @Override
    public long submit(JobSubmission submission) {
        submission.environment().keySet().stream().filter(name -> !VARIABLE.matcher(name).matches()).findFirst()
                .ifPresent(name -> {
                    // env(1) would read it as an option or split it: never pass it on
                    throw new SlurmGatewayException(Kind.PERMANENT, "submit job failed: not a variable name: " + name,
                            List.of(), null);
                });
        List<String> command = as(submission.user(),
                SbatchCommandLine.of(submission, properties.commands(), clock.instant()));
        CommandRunner.Result result = runner.run(command, submission.script(), properties.timeout());
        if (!result.succeeded()) {
            throw CliErrors.failure("submit job", "sbatch", result, properties.timeout());
        }
        // --parsable prints "<job id>" or "<job id>;<cluster>"
        String line = result.stdout().strip().lines().reduce((first, last) -> last).orElse("");
        var matcher = JOB_ID.matcher(line);
        if (!matcher.matches()) {
            throw new SlurmGatewayException(Kind.TRANSIENT, "submit job: sbatch printed no job id ("
                    + line + ")", List.of(), null);
        }
        return Long.parseLong(matcher.group(1));
    }

    @Override
    public Map<Long, JobStatus> states(Collection<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, JobStatus> found = squeue(properties.statusUser(), jobIds, "read job states");
        found.keySet().retainAll(jobIds);
        return found;
    }

    @Override
    public Optional<JobStatus> job(long jobId, String user) {
        JobStatus live = squeue(user, List.of(jobId), "read job " + jobId).get(jobId);
        return live != null ? Optional.of(live) : fromAccounting(jobId, user);
    }

    private Map<Long, JobStatus> squeue(String user, Collection<Long> jobIds, String operation) {
        // --states=all: with --jobs alone squeue leaves out jobs that have ended but slurmctld still knows.
        List<String> command = reading(user, List.of(properties.commands().squeue(), "--json", "--states=all",
                "--jobs=" + jobIds.stream().map(String::valueOf).collect(Collectors.joining(","))));
        CommandRunner.Result result = runner.run(command, null, properties.timeout());
        if (!result.succeeded()) {
            // For one unknown (purged) job id squeue fails; for several it leaves the unknown ones out.
            if (!result.timedOut() && CliErrors.isUnknownJob(result)) {
                return new java.util.HashMap<>();
            }
            throw CliErrors.failure(operation, "squeue", result, properties.timeout());
        }
        return parsed(operation, "squeue", () -> SlurmCliJson.squeue(result.stdout()));
    }

    private Optional<JobStatus> fromAccounting(long jobId, String user) {
        List<String> command = reading(user, List.of(properties.commands().sacct(), "--json", "--jobs=" + jobId));
        CommandRunner.Result result = runner.run(command, null, properties.timeout());
        if (!result.succeeded()) {
            throw CliErrors.failure("read job " + jobId + " from accounting", "sacct", result, properties.timeout());
        }
        return parsed("read job " + jobId + " from accounting", "sacct", () -> SlurmCliJson.sacct(result.stdout(), jobId));
    }

    @Override
    public void cancel(long jobId, String user) {
        CommandRunner.Result result = runner.run(as(user, List.of(properties.commands().scancel(), Long.toString(jobId))),
                null, properties.timeout());
        // A job that is gone or already ended needs no cancelling (slurmrestd answers such a cancel the same way).
        if (!result.succeeded() && !(CliErrors.isUnknownJob(result)
                || CliErrors.slurmErrors(result.stderr()).stream().anyMatch(e -> e.contains("already completing")))) {
            throw CliErrors.failure("cancel job " + jobId, "scancel", result, properties.timeout());
        }
    }

    @Override
    public Optional<Long> findJobByComment(String user, String comment, Instant submittedSince) {
        // slurmctld first (it knows every job younger than MinJobAge), then accounting for older ones.
        CommandRunner.Result live = runner.run(reading(user, List.of(properties.commands().squeue(), "--json",
                "--states=all", "--user=" + user)), null, properties.timeout());
        if (!live.succeeded()) {
            throw CliErrors.failure("find job by comment", "squeue", live, properties.timeout());
        }
        Optional<Long> found = parsed("find job by comment", "squeue",
                () -> SlurmCliJson.withComment(live.stdout(), user, comment));
        if (found.isPresent()) {
            return found;
        }
        // Relative to sacct's clock, so the time zone sacct runs in does not matter.
        long seconds = Math.max(1, Duration.between(submittedSince, clock.instant()).toSeconds());
        CommandRunner.Result recorded = runner.run(reading(user, List.of(properties.commands().sacct(), "--json",
                "--user=" + user, "--starttime=now-" + seconds)), null, properties.timeout());
        if (!recorded.succeeded()) {
            throw CliErrors.failure("find job by comment in accounting", "sacct", recorded, properties.timeout());
        }
        return parsed("find job by comment in accounting", "sacct",
                () -> SlurmCliJson.withCommentInAccounting(recorded.stdout(), comment));
    }

    private static <T> T parsed(String operation, String program, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (RuntimeException unreadable) {
            throw new SlurmGatewayException(Kind.TRANSIENT, operation + " failed: " + program
                    + " printed no readable JSON", List.of(), unreadable);
        }
    }

    @Override
    public void ping() {
        CommandRunner.Result result = runner.run(reading(properties.statusUser(),
                List.of(properties.commands().scontrol(), "ping")), null, properties.timeout());
        if (!result.succeeded()) {
            // scontrol ping exits non-zero when slurmctld is DOWN: transient whatever it printed.
            SlurmGatewayException failure = CliErrors.failure("ping", "scontrol", result, properties.timeout());
            throw new SlurmGatewayException(Kind.TRANSIENT, failure.getMessage() + (result.stdout().isBlank() ? ""
                    : " (" + result.stdout().strip() + ")"), failure.slurmErrors(), null);
        }
    }

    /** The command behind the user prefix, {@code {user}} filled in: what it does is done as that user. */
    private List<String> as(String user, List<String> command) {
        if (properties.commandPrefix().isEmpty() && !java.util.Objects.equals(user, ownUser)) {
            // Without a prefix every command runs as Longrun itself: it must not act for anybody else.
            throw new SlurmGatewayException(Kind.TRANSIENT, "the Slurm command line runs as " + ownUser
                    + " and cannot act for " + user + ": set longrun.slurm.cli.command-prefix (e.g. sudo,-n,-u,{user},--)",
                    List.of(), null);
        }
        return prefixed(user, command);
    }

    /** A query: as the user where a prefix switches users, else as Longrun itself (reading needs no identity). */
    private List<String> reading(String user, List<String> command) {
        return properties.commandPrefix().isEmpty() ? command : prefixed(user, command);
    }

    private List<String> prefixed(String user, List<String> command) {
        if (user == null || !USER.matcher(user).matches()) {
            throw new SlurmGatewayException(Kind.PERMANENT, "not a valid Slurm user name: " + user, List.of(), null);
        }
        List<String> full = new ArrayList<>(properties.commandPrefix().size() + command.size());
        properties.commandPrefix().forEach(part -> full.add(part.replace("{user}", user)));
        full.addAll(command);
        return full;
    }
}
