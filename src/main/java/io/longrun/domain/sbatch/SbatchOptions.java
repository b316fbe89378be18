package io.longrun.domain.sbatch;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sbatch options of one submission, typed and normalised (sizes in MiB, times in minutes, dates as
 * instants). Immutable. Built by {@link SbatchParser}; {@link #toArgs()} renders them back as sbatch
 * arguments that parse to equal options.
 */
public final class SbatchOptions {
    private static final Set<SbatchOption> MEMORY_OPTIONS =
            EnumSet.of(SbatchOption.MEM, SbatchOption.MEM_PER_CPU, SbatchOption.MEM_PER_GPU);

    private final Map<SbatchOption, Object> values;
    private final ZoneId zone;

    private SbatchOptions(Map<SbatchOption, Object> values, ZoneId zone) {
        EnumMap<SbatchOption, Object> copy = new EnumMap<>(SbatchOption.class);
        copy.putAll(values);
        this.values = Collections.unmodifiableMap(copy);
        this.zone = zone;
    }

    /** No options at all. */
    public static SbatchOptions empty() {
        return new SbatchOptions(Map.of(), ZoneOffset.UTC);
    }

    static SbatchOptions of(Map<SbatchOption, Object> values, ZoneId zone) {
        return new SbatchOptions(values, zone);
    }

    // --- accessors -------------------------------------------------------------------------------

    public Optional<String> jobName() {
        return string(SbatchOption.JOB_NAME);
    }

    public Optional<String> partition() {
        return string(SbatchOption.PARTITION);
    }

    public Optional<String> account() {
        return string(SbatchOption.ACCOUNT);
    }

    public Optional<String> qos() {
        return string(SbatchOption.QOS);
    }

    public Optional<String> reservation() {
        return string(SbatchOption.RESERVATION);
    }

    public Optional<String> wckey() {
        return string(SbatchOption.WCKEY);
    }

    public Optional<TimeLimit> time() {
        return get(SbatchOption.TIME, TimeLimit.class);
    }

    public Optional<TimeLimit> timeMin() {
        return get(SbatchOption.TIME_MIN, TimeLimit.class);
    }

    public Optional<NodeRange> nodes() {
        return get(SbatchOption.NODES, NodeRange.class);
    }

    public OptionalInt ntasks() {
        return integer(SbatchOption.NTASKS);
    }

    public OptionalInt ntasksPerNode() {
        return integer(SbatchOption.NTASKS_PER_NODE);
    }

    public OptionalInt cpusPerTask() {
        return integer(SbatchOption.CPUS_PER_TASK);
    }

    /** {@code --mem} in MiB; 0 means all the memory of each node. */
    public OptionalLong memMiB() {
        return mebibytes(SbatchOption.MEM);
    }

    public OptionalLong memPerCpuMiB() {
        return mebibytes(SbatchOption.MEM_PER_CPU);
    }

    public OptionalLong memPerGpuMiB() {
        return mebibytes(SbatchOption.MEM_PER_GPU);
    }

    public OptionalLong tmpMiB() {
        return mebibytes(SbatchOption.TMP);
    }

    public Optional<String> gpus() {
        return string(SbatchOption.GPUS);
    }

    public Optional<String> gpusPerNode() {
        return string(SbatchOption.GPUS_PER_NODE);
    }

    /** As written; sbatch itself prefixes each item with {@code gres/} before sending it. */
    public Optional<String> gres() {
        return string(SbatchOption.GRES);
    }

    public Optional<String> constraint() {
        return string(SbatchOption.CONSTRAINT);
    }

    public Optional<String> nodelist() {
        return string(SbatchOption.NODELIST);
    }

    public Optional<String> exclude() {
        return string(SbatchOption.EXCLUDE);
    }

    public Optional<ExclusiveMode> exclusive() {
        return get(SbatchOption.EXCLUSIVE, ExclusiveMode.class);
    }

    public Optional<String> licenses() {
        return string(SbatchOption.LICENSES);
    }

    /**
     * As written. sbatch makes a relative directory absolute against its own working directory; that
     * is left to the caller.
     */
    public Optional<String> chdir() {
        return string(SbatchOption.CHDIR);
    }

    /** {@code none} (any case) has become {@code /dev/null}, as in sbatch. */
    public Optional<String> output() {
        return string(SbatchOption.OUTPUT);
    }

    public Optional<String> error() {
        return string(SbatchOption.ERROR);
    }

    public Optional<String> input() {
        return string(SbatchOption.INPUT);
    }

    public Optional<OpenMode> openMode() {
        return get(SbatchOption.OPEN_MODE, OpenMode.class);
    }

    public Optional<SignalSpec> signal() {
        return get(SbatchOption.SIGNAL, SignalSpec.class);
    }

    /** true for {@code --requeue}, false for {@code --no-requeue}; the last one given wins. */
    public Optional<Boolean> requeue() {
        return get(SbatchOption.REQUEUE, Boolean.class);
    }

    public Optional<ExportSpec> export() {
        return get(SbatchOption.EXPORT, ExportSpec.class);
    }

    /** Empty set for {@code NONE}. */
    @SuppressWarnings("unchecked")
    public Optional<Set<MailType>> mailTypes() {
        return Optional.ofNullable((Set<MailType>) values.get(SbatchOption.MAIL_TYPE));
    }

    public Optional<String> mailUser() {
        return string(SbatchOption.MAIL_USER);
    }

    /** As written; its shape has been checked. */
    public Optional<String> dependency() {
        return string(SbatchOption.DEPENDENCY);
    }

    public Optional<Boolean> killOnInvalidDep() {
        return get(SbatchOption.KILL_ON_INVALID_DEP, Boolean.class);
    }

    public Optional<Instant> begin() {
        return get(SbatchOption.BEGIN, Instant.class);
    }

    public Optional<Instant> deadline() {
        return get(SbatchOption.DEADLINE, Instant.class);
    }

    public boolean hold() {
        return values.containsKey(SbatchOption.HOLD);
    }

    /** {@code --nice} without a value is 100. */
    public OptionalInt nice() {
        return integer(SbatchOption.NICE);
    }

    /** {@code TOP} is 4294967293, which is what Slurm makes of it. */
    public OptionalLong priority() {
        Long priority = (Long) values.get(SbatchOption.PRIORITY);
        return priority == null ? OptionalLong.empty() : OptionalLong.of(priority);
    }

    public Optional<String> comment() {
        return string(SbatchOption.COMMENT);
    }

    /** For the caller to refuse or handle: Longrun chains are single jobs. */
    public Optional<ArraySpec> array() {
        return get(SbatchOption.ARRAY, ArraySpec.class);
    }

    /**
     * The long names of the options that are set, e.g. {@code job-name}, {@code time}. For the requeue
     * pair it is whichever won: {@code requeue} or {@code no-requeue}.
     */
    public Set<String> specified() {
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<SbatchOption, Object> entry : values.entrySet()) {
            if (entry.getKey() == SbatchOption.REQUEUE) {
                names.add(Boolean.TRUE.equals(entry.getValue()) ? "requeue" : "no-requeue");
            } else {
                names.add(entry.getKey().longName());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The zone {@link #toArgs()} renders {@code --begin} and {@code --deadline} in. */
    public ZoneId zone() {
        return zone;
    }

    // --- combining and rendering -----------------------------------------------------------------

    /**
     * These options with {@code other}'s on top: every option {@code other} sets replaces this one's.
     * Unlike sbatch's own directive-then-command-line processing, mail types are replaced, not merged,
     * and setting one of --mem/--mem-per-cpu/--mem-per-gpu drops the other two (sbatch would refuse the
     * mix). The result renders dates in {@code other}'s zone if it has dates, else in this one's.
     */
    public SbatchOptions withOverrides(SbatchOptions other) {
        EnumMap<SbatchOption, Object> merged = new EnumMap<>(SbatchOption.class);
        merged.putAll(values);
        if (other.values.keySet().stream().anyMatch(MEMORY_OPTIONS::contains)) {
            MEMORY_OPTIONS.forEach(merged::remove);
        }
        merged.putAll(other.values);
        boolean otherHasDates = other.values.containsKey(SbatchOption.BEGIN)
                || other.values.containsKey(SbatchOption.DEADLINE);
        return new SbatchOptions(merged, otherHasDates ? other.zone : zone);
    }

    /** {@link #toArgs(ZoneId)} in the zone the options were parsed in. */
    public List<String> toArgs() {
        return toArgs(zone);
    }

    /**
     * The options as canonical sbatch arguments, one {@code --long-name[=value]} per option, in
     * {@link SbatchOption} order: {@code --time=90}, {@code --mem=4096}, {@code --nodes=2-4},
     * {@code --begin=2025-01-20T12:34:00}. Dates are local times in {@code zone}: run sbatch with that
     * time zone (TZ) for them to mean the same instants.
     */
    public List<String> toArgs(ZoneId zone) {
        List<String> args = new ArrayList<>();
        for (Map.Entry<SbatchOption, Object> entry : values.entrySet()) {
            SbatchOption option = entry.getKey();
            Object value = entry.getValue();
            String flag = "--" + option.longName();
            switch (option) {
                case TIME:
                case TIME_MIN:
                    args.add(flag + "=" + ((TimeLimit) value).toSlurmString());
                    break;
                case NODES:
                    args.add(flag + "=" + ((NodeRange) value).toSlurmString());
                    break;
                case EXCLUSIVE:
                    args.add(value == ExclusiveMode.EXCLUSIVE ? flag
                            : flag + "=" + ((ExclusiveMode) value).name().toLowerCase(java.util.Locale.ROOT));
                    break;
                case OPEN_MODE:
                    args.add(flag + "=" + ((OpenMode) value).slurmName());
                    break;
                case SIGNAL:
                    args.add(flag + "=" + ((SignalSpec) value).toSlurmString());
                    break;
                case REQUEUE:
                    args.add(Boolean.TRUE.equals(value) ? "--requeue" : "--no-requeue");
                    break;
                case EXPORT:
                    args.add(flag + "=" + ((ExportSpec) value).toSlurmString());
                    break;
                case MAIL_TYPE:
                    args.add(flag + "=" + mailTypeList(value));
                    break;
                case KILL_ON_INVALID_DEP:
                    args.add(flag + "=" + (Boolean.TRUE.equals(value) ? "yes" : "no"));
                    break;
                case BEGIN:
                case DEADLINE:
                    args.add(flag + "=" + SlurmTime.formatMoment((Instant) value, zone));
                    break;
                case HOLD:
                    args.add(flag);
                    break;
                case ARRAY:
                    args.add(flag + "=" + ((ArraySpec) value).raw());
                    break;
                default:
                    args.add(flag + "=" + value); // strings and numbers (MiB, counts) as they are
                    break;
            }
        }
        return List.copyOf(args);
    }

    private static String mailTypeList(Object value) {
        @SuppressWarnings("unchecked")
        Set<MailType> types = (Set<MailType>) value;
        if (types.isEmpty()) {
            return "NONE";
        }
        return EnumSet.copyOf(types).stream().map(Enum::name).collect(Collectors.joining(","));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private Optional<String> string(SbatchOption option) {
        return get(option, String.class);
    }

    private <T> Optional<T> get(SbatchOption option, Class<T> type) {
        return Optional.ofNullable(type.cast(values.get(option)));
    }

    private OptionalInt integer(SbatchOption option) {
        Integer value = (Integer) values.get(option);
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private OptionalLong mebibytes(SbatchOption option) {
        Long value = (Long) values.get(option);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** Equal when the same options have equal values; the rendering zone does not count. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SbatchOptions && values.equals(((SbatchOptions) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "SbatchOptions" + toArgs();
    }
}
