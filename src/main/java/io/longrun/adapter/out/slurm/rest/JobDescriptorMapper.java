package io.longrun.adapter.out.slurm.rest;

import io.longrun.adapter.out.slurm.rest.client.model.V0042JobDescMsg;
import io.longrun.adapter.out.slurm.rest.client.model.V0042JobDescMsg.FlagsEnum;
import io.longrun.adapter.out.slurm.rest.client.model.V0042JobDescMsg.KillWarningFlagsEnum;
import io.longrun.adapter.out.slurm.rest.client.model.V0042JobDescMsg.MailTypeEnum;
import io.longrun.adapter.out.slurm.rest.client.model.V0042JobDescMsg.OpenModeEnum;
import io.longrun.adapter.out.slurm.rest.client.model.V0042JobDescMsg.SharedEnum;
import io.longrun.adapter.out.slurm.rest.client.model.V0042Uint16NoValStruct;
import io.longrun.adapter.out.slurm.rest.client.model.V0042Uint32NoValStruct;
import io.longrun.adapter.out.slurm.rest.client.model.V0042Uint64NoValStruct;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.JobTag;
import io.longrun.domain.sbatch.ExclusiveMode;
import io.longrun.domain.sbatch.InvalidSbatchOptionException;
import io.longrun.domain.sbatch.MailType;
import io.longrun.domain.sbatch.NodeRange;
import io.longrun.domain.sbatch.SbatchOptions;
import io.longrun.domain.sbatch.SignalSpec;
import io.longrun.domain.sbatch.TimeLimit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the v0.0.42 job descriptor for a submission. slurmrestd ignores {@code #SBATCH} lines, so every
 * option the script or the chain's args set must be a field here. Fields left null are not sent at all
 * (the client serialises NON_NULL / NON_EMPTY): to slurmrestd a JSON null is a value, not "unset".
 *
 * <p>Each field is filled as sbatch 24.11 fills {@code job_desc_msg_t} (src/common/slurm_opt.c
 * {@code slurm_opt_create_job_desc}, src/sbatch/sbatch.c {@code _fill_job_desc_from_opts}) and as
 * data_parser v0.0.42 reads it back (src/plugins/data_parser/v0.0.42/parsers.c, {@code JOB_DESC_MSG});
 * {@code SbatchOracleIT} compares the resulting jobs with sbatch's on the dev cluster.
 */
final class JobDescriptorMapper {
    /**
     * The sbatch options (long names) that become fields of the job descriptor ({@code export} becomes its
     * environment, built by the domain's {@code JobEnvironment}). {@code array} is not here: it is refused
     * with its own message.
     */
    static final Set<String> MAPPED_OPTIONS = Set.of("job-name", "partition", "account", "qos", "reservation",
            "wckey", "time", "time-min", "nodes", "ntasks", "ntasks-per-node", "cpus-per-task", "mem",
            "mem-per-cpu", "mem-per-gpu", "tmp", "gpus", "gpus-per-node", "gres", "constraint", "nodelist",
            "exclude", "exclusive", "licenses", "chdir", "output", "error", "input", "open-mode", "signal",
            "requeue", "no-requeue", "export", "mail-type", "mail-user", "dependency", "kill-on-invalid-dep",
            "begin", "deadline", "hold", "nice", "priority", "comment");

    private JobDescriptorMapper() {
    }

    static void checkSupported(SbatchOptions options) {
        for (String option : options.specified()) {
            if (option.equals("array")) {
                throw new InvalidSbatchOptionException("--array", "sbatch option --array is not supported:"
                        + " Longrun resubmits single jobs, and chains of job arrays are not designed yet");
            }
            if (!MAPPED_OPTIONS.contains(option)) {
                throw new InvalidSbatchOptionException("--" + option,
                        "sbatch option --" + option + " is not passed on to slurmrestd by this Longrun yet");
            }
        }
        refuseHostFile("--nodelist", options.nodelist().orElse(""));
        refuseHostFile("--exclude", options.exclude().orElse(""));
    }

    /** sbatch reads a node list containing '/' as a host file on the submitting machine, which Longrun is not. */
    private static void refuseHostFile(String option, String nodes) {
        if (nodes.contains("/")) {
            throw new InvalidSbatchOptionException(option, option + "=" + nodes + " names a host file, which is"
                    + " not supported: Longrun cannot read files on the submitting machine; list the nodes instead");
        }
    }

    /**
     * The job's argv as sbatch builds it: argv[0] is the script and the script's arguments follow, exactly as given
     * (slurmd runs the script with argv[1..] as {@code $1 $2 …}; argv[0] only becomes the job's {@code command}).
     * sbatch puts the script file's full path there; Longrun's script has no file, so argv[0] is empty and the
     * job's command stays empty, as it is for a script sbatch read on standard input. A script without arguments
     * gets no argv at all, as from sbatch.
     */
    static List<String> argv(List<String> scriptArguments) {
        List<String> argv = new ArrayList<>(scriptArguments.size() + 1);
        argv.add("");
        argv.addAll(scriptArguments);
        return argv;
    }

    static V0042JobDescMsg toJobDescriptor(JobSubmission submission) {
        SbatchOptions options = submission.options();
        V0042JobDescMsg job = new V0042JobDescMsg()
                .script(submission.script())
                .currentWorkingDirectory(submission.workingDirectory())
                .environment(environment(submission.environment()))
                .standardOutput(submission.standardOutput())
                .standardError(submission.standardError())
                .comment(JobTag.comment(options, submission.comment()));
        if (submission.append()) {
            job.openMode(List.of(OpenModeEnum.APPEND));
        } else if (options.openMode().isPresent()) {
            job.openMode(List.of(OpenModeEnum.fromValue(options.openMode().get().name())));
        }
        options.input().ifPresent(job::standardInput);
        if (!submission.scriptArguments().isEmpty()) {
            job.argv(argv(submission.scriptArguments()));
        }

        options.jobName().ifPresent(job::name);
        options.partition().ifPresent(job::partition);
        options.account().ifPresent(job::account);
        options.qos().ifPresent(job::qos);
        options.reservation().ifPresent(job::reservation);
        options.wckey().ifPresent(job::wckey);
        options.time().ifPresent(limit -> job.timeLimit(minutes(limit)));
        options.timeMin().ifPresent(limit -> job.timeMinimum(minutes(limit)));

        resources(job, options);

        options.constraint().ifPresent(job::constraints);
        options.nodelist().ifPresent(nodes -> job.requiredNodes(List.of(nodes)));
        options.exclude().ifPresent(nodes -> job.excludedNodes(List.of(nodes)));
        options.exclusive().ifPresent(mode -> job.shared(List.of(shared(mode))));
        options.licenses().ifPresent(job::licenses);

        options.signal().ifPresent(signal -> signal(job, signal));
        options.requeue().ifPresent(job::requeue);
        options.mailTypes().filter(types -> !types.isEmpty()).ifPresent(types -> job.mailType(mailTypes(types)));
        options.mailUser().ifPresent(job::mailUser);
        options.dependency().ifPresent(job::dependency);
        options.begin().ifPresent(begin -> job.beginTime(epoch(begin)));
        options.deadline().ifPresent(deadline -> job.deadline(deadline.getEpochSecond()));
        options.nice().ifPresent(nice -> job.nice((long) nice));
        if (options.hold()) {
            // "hold" and "priority" are one field to slurmrestd (priority 0 means held) and "priority" is read
            // after "hold": sending both would release the job. sbatch, too, sends priority 0 when held.
            job.hold(true);
        } else if (options.priority().isPresent() && options.priority().getAsLong() > 0) {
            // sbatch sends no priority for --priority=0 (to slurmctld, priority 0 would mean held)
            job.priority(new V0042Uint32NoValStruct().number(options.priority().getAsLong()).set(true)
                    .infinite(false));
        }

        List<FlagsEnum> flags = new ArrayList<>();
        if (options.cpusPerTask().isPresent()) {
            flags.add(FlagsEnum.EXACT_CPU_COUNT_REQUESTED); // sbatch's JOB_CPUS_SET
        }
        options.killOnInvalidDep().ifPresent(kill -> flags.add(kill ? FlagsEnum.KILL_INVALID_DEPENDENCY
                : FlagsEnum.NO_KILL_INVALID_DEPENDENCY));
        if (!flags.isEmpty()) {
            job.flags(flags);
        }
        return job;
    }

    /** Nodes, tasks, CPUs, memory, disk and generic resources. */
    private static void resources(V0042JobDescMsg job, SbatchOptions options) {
        options.nodes().ifPresent(nodes -> nodes(job, nodes));
        options.ntasks().ifPresent(tasks -> job.tasks((long) tasks));
        options.ntasksPerNode().ifPresent(perNode -> {
            job.tasksPerNode((long) perNode);
            if (options.nodes().isEmpty() && options.ntasks().isPresent()) {
                // sbatch derives the node count from --ntasks and --ntasks-per-node when --nodes is not given.
                job.minimumNodes((long) ((options.ntasks().getAsInt() + perNode - 1) / perNode));
            }
        });
        options.cpusPerTask().ifPresent(cpus -> {
            job.cpusPerTask((long) cpus);
            // sbatch 24.11 records --cpus-per-task as tres_per_task too, which srun inside the job inherits.
            job.tresPerTask("cpu=" + cpus);
        });

        options.memMiB().ifPresent(mib -> job.memoryPerNode(mebibytes(mib)));
        options.memPerCpuMiB().ifPresent(mib -> job.memoryPerCpu(mebibytes(mib)));
        options.memPerGpuMiB().ifPresent(mib -> job.memoryPerTres("gres/gpu:" + mib));
        options.tmpMiB().ifPresent(job::temporaryDiskPerNode);

        options.gpus().ifPresent(gpus -> job.tresPerJob(prefixEach("gres/gpu:", gpus)));
        List<String> perNode = new ArrayList<>();
        options.gpusPerNode().ifPresent(gpus -> perNode.add(prefixEach("gres/gpu:", gpus)));
        // --gres=none means no generic resources; sbatch does not send it.
        options.gres().filter(gres -> !gres.equalsIgnoreCase("none")).ifPresent(gres -> perNode.add(gresTres(gres)));
        if (!perNode.isEmpty()) {
            job.tresPerNode(String.join(",", perNode));
        }
    }

    /** sbatch sends a maximum only when there is one ({@code --nodes=0} has none). */
    private static void nodes(V0042JobDescMsg job, NodeRange nodes) {
        job.minimumNodes((long) nodes.min());
        if (nodes.max() > 0) {
            job.maximumNodes((long) nodes.max());
        }
    }

    /** sbatch's {@code xfmt_tres}: every comma-separated item gets the prefix ("2" → "gres/gpu:2"). */
    static String prefixEach(String prefix, String items) {
        List<String> out = new ArrayList<>();
        for (String item : items.split(",")) {
            if (!item.isEmpty()) {
                out.add(prefix + item);
            }
        }
        return String.join(",", out);
    }

    /** sbatch's {@code gres_prepend_tres_type}: "gpu:2,nic:1" → "gres/gpu:2,gres/nic:1", never "gres/gres/". */
    static String gresTres(String gres) {
        List<String> out = new ArrayList<>();
        for (String item : gres.split(",")) {
            if (!item.isEmpty()) {
                out.add(item.startsWith("gres/") ? item : "gres/" + item);
            }
        }
        return String.join(",", out);
    }

    static SharedEnum shared(ExclusiveMode mode) {
        switch (mode) {
            case USER:
                return SharedEnum.USER;
            case MCS:
                return SharedEnum.MCS;
            case TOPO:
                return SharedEnum.TOPO;
            default:
                return SharedEnum.NONE; // plain --exclusive: JOB_SHARED_NONE
        }
    }

    static List<MailTypeEnum> mailTypes(Set<MailType> types) {
        List<MailTypeEnum> out = new ArrayList<>();
        for (MailType type : EnumSet.copyOf(types)) {
            out.add(switch (type) {
                case BEGIN -> MailTypeEnum.BEGIN;
                case END -> MailTypeEnum.END;
                case FAIL -> MailTypeEnum.FAIL;
                case REQUEUE -> MailTypeEnum.REQUEUE;
                case INVALID_DEPEND -> MailTypeEnum.INVALID_DEPENDENCY;
                case STAGE_OUT -> MailTypeEnum.STAGE_OUT;
                case TIME_LIMIT -> MailTypeEnum.TIME_100_;
                case TIME_LIMIT_90 -> MailTypeEnum.TIME_90_;
                case TIME_LIMIT_80 -> MailTypeEnum.TIME_80_;
                case TIME_LIMIT_50 -> MailTypeEnum.TIME_50_;
                case ARRAY_TASKS -> MailTypeEnum.ARRAY_TASKS;
            });
        }
        return out;
    }

    /** slurmrestd refuses a job without environment variables (error 2019), so there must be at least one. */
    private static List<String> environment(Map<String, String> variables) {
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("slurmrestd needs at least one environment variable (error 2019"
                    + " otherwise); the SLURM_LONGRUN_* variables should always be there");
        }
        List<String> environment = new ArrayList<>(variables.size());
        variables.forEach((name, value) -> environment.add(name + "=" + value));
        return environment;
    }

    static V0042Uint32NoValStruct minutes(TimeLimit limit) {
        return limit.unlimited()
                ? new V0042Uint32NoValStruct().infinite(true).set(false)
                : new V0042Uint32NoValStruct().number(limit.minutes()).set(true).infinite(false);
    }

    private static V0042Uint64NoValStruct mebibytes(long mib) {
        return new V0042Uint64NoValStruct().number(mib).set(true).infinite(false);
    }

    private static V0042Uint64NoValStruct epoch(Instant instant) {
        return new V0042Uint64NoValStruct().number(instant.getEpochSecond()).set(true).infinite(false);
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
