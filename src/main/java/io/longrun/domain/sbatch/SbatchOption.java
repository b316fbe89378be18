package io.longrun.domain.sbatch;

import java.util.Optional;

/**
 * The sbatch options Longrun reads, with their long and short names as sbatch has them. The order is
 * the order {@link SbatchOptions#toArgs()} renders them in.
 */
public enum SbatchOption {
    JOB_NAME("job-name", 'J', Arg.REQUIRED),
    PARTITION("partition", 'p', Arg.REQUIRED),
    ACCOUNT("account", 'A', Arg.REQUIRED),
    QOS("qos", 'q', Arg.REQUIRED),
    RESERVATION("reservation", null, Arg.REQUIRED),
    WCKEY("wckey", null, Arg.REQUIRED),
    TIME("time", 't', Arg.REQUIRED),
    TIME_MIN("time-min", null, Arg.REQUIRED),
    NODES("nodes", 'N', Arg.REQUIRED),
    NTASKS("ntasks", 'n', Arg.REQUIRED),
    NTASKS_PER_NODE("ntasks-per-node", null, Arg.REQUIRED),
    CPUS_PER_TASK("cpus-per-task", 'c', Arg.REQUIRED),
    MEM("mem", null, Arg.REQUIRED),
    MEM_PER_CPU("mem-per-cpu", null, Arg.REQUIRED),
    MEM_PER_GPU("mem-per-gpu", null, Arg.REQUIRED),
    TMP("tmp", null, Arg.REQUIRED),
    GPUS("gpus", 'G', Arg.REQUIRED),
    GPUS_PER_NODE("gpus-per-node", null, Arg.REQUIRED),
    GRES("gres", null, Arg.REQUIRED),
    CONSTRAINT("constraint", 'C', Arg.REQUIRED),
    NODELIST("nodelist", 'w', Arg.REQUIRED),
    EXCLUDE("exclude", 'x', Arg.REQUIRED),
    EXCLUSIVE("exclusive", null, Arg.OPTIONAL),
    LICENSES("licenses", 'L', Arg.REQUIRED),
    CHDIR("chdir", 'D', Arg.REQUIRED),
    OUTPUT("output", 'o', Arg.REQUIRED),
    ERROR("error", 'e', Arg.REQUIRED),
    INPUT("input", 'i', Arg.REQUIRED),
    OPEN_MODE("open-mode", null, Arg.REQUIRED),
    SIGNAL("signal", null, Arg.REQUIRED),
    /** {@code --requeue} and {@code --no-requeue} share this one value; the last one given wins. */
    REQUEUE("requeue", null, Arg.NONE),
    NO_REQUEUE("no-requeue", null, Arg.NONE),
    EXPORT("export", null, Arg.REQUIRED),
    MAIL_TYPE("mail-type", null, Arg.REQUIRED),
    MAIL_USER("mail-user", null, Arg.REQUIRED),
    DEPENDENCY("dependency", 'd', Arg.REQUIRED),
    KILL_ON_INVALID_DEP("kill-on-invalid-dep", null, Arg.REQUIRED),
    BEGIN("begin", 'b', Arg.REQUIRED),
    DEADLINE("deadline", null, Arg.REQUIRED),
    HOLD("hold", 'H', Arg.NONE),
    NICE("nice", null, Arg.OPTIONAL),
    PRIORITY("priority", null, Arg.REQUIRED),
    COMMENT("comment", null, Arg.REQUIRED),
    ARRAY("array", 'a', Arg.REQUIRED);

    /** Whether the option takes a value, as in getopt_long's has_arg. */
    public enum Arg {
        NONE,
        REQUIRED,
        /** Only as {@code --opt=value}; {@code --opt value} makes "value" a separate word. */
        OPTIONAL
    }

    private final String longName;
    private final Character shortName;
    private final Arg arg;

    SbatchOption(String longName, Character shortName, Arg arg) {
        this.longName = longName;
        this.shortName = shortName;
        this.arg = arg;
    }

    /** The long name without dashes, e.g. {@code job-name}. */
    public String longName() {
        return longName;
    }

    public Optional<Character> shortName() {
        return Optional.ofNullable(shortName);
    }

    public Arg arg() {
        return arg;
    }
}
