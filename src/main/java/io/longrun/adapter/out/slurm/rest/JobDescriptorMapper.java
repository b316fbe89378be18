package io.longrun.adapter.out.slurm.rest;

import io.longrun.adapter.out.slurm.rest.client.model.V0042JobDescMsg;
import io.longrun.adapter.out.slurm.rest.client.model.V0042JobDescMsg.KillWarningFlagsEnum;
import io.longrun.adapter.out.slurm.rest.client.model.V0042JobDescMsg.OpenModeEnum;
import io.longrun.adapter.out.slurm.rest.client.model.V0042Uint16NoValStruct;
import io.longrun.adapter.out.slurm.rest.client.model.V0042Uint32NoValStruct;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.sbatch.InvalidSbatchOptionException;
import io.longrun.domain.sbatch.SbatchOptions;
import io.longrun.domain.sbatch.SignalSpec;
import io.longrun.domain.sbatch.TimeLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the v0.0.42 job descriptor for a submission. slurmrestd ignores {@code #SBATCH} lines, so every
 * option the script or the chain's args set must be a field here. Fields left null are not sent at all
 * (the client serialises NON_NULL): to slurmrestd a JSON null is a value, not "unset".
 */
final class JobDescriptorMapper {
    /** The sbatch options (long names) that become fields of the job descriptor. */
    static final Set<String> MAPPED_OPTIONS = Set.of("job-name", "time", "partition", "output", "error",
            "open-mode", "signal", "chdir", "hold");

    private JobDescriptorMapper() {
    }

    static void checkSupported(SbatchOptions options) {
        for (String option : options.specified()) {
            if (!MAPPED_OPTIONS.contains(option)) {
                throw new InvalidSbatchOptionException("--" + option,
                        "sbatch option --" + option + " is not passed on to slurmrestd by this Longrun yet");
            }
        }
    }

    static V0042JobDescMsg toJobDescriptor(JobSubmission submission) {
        SbatchOptions options = submission.options();
        V0042JobDescMsg job = new V0042JobDescMsg()
                .script(submission.script())
                .currentWorkingDirectory(submission.workingDirectory())
                .environment(environment(submission.environment()))
                .standardOutput(submission.standardOutput())
                .standardError(submission.standardError())
                .comment(submission.comment());
        if (submission.append()) {
            job.openMode(List.of(OpenModeEnum.APPEND));
        } else if (options.openMode().isPresent()) {
            job.openMode(List.of(OpenModeEnum.fromValue(options.openMode().get().name())));
        }
        options.jobName().ifPresent(job::name);
        options.time().ifPresent(limit -> job.timeLimit(minutes(limit)));
        options.partition().ifPresent(job::partition);
        options.signal().ifPresent(signal -> signal(job, signal));
        if (options.hold()) {
            job.hold(true);
        }
        return job;
    }

    private static List<String> environment(Map<String, String> variables) {
        List<String> environment = new ArrayList<>(variables.size());
        variables.forEach((name, value) -> environment.add(name + "=" + value));
        return environment;
    }

    static V0042Uint32NoValStruct minutes(TimeLimit limit) {
        return limit.unlimited()
                ? new V0042Uint32NoValStruct().infinite(true).set(false)
                : new V0042Uint32NoValStruct().number(limit.minutes()).set(true).infinite(false);
    }

    private static void signal(V0042JobDescMsg job, SignalSpec signal) {
        job.killWarningSignal(signal.signal());
        job.killWarningDelay(new V0042Uint16NoValStruct().number((long) signal.delaySeconds()).set(true)
                .infinite(false));
        List<KillWarningFlagsEnum> flags = new ArrayList<>();
        if (signal.batchOnly()) {
            flags.add(KillWarningFlagsEnum.BATCH_JOB);
        }
        if (signal.reservation()) {
            flags.add(KillWarningFlagsEnum.RESERVATION_JOB);
        }
        if (!flags.isEmpty()) {
            job.killWarningFlags(flags);
        }
    }
}
