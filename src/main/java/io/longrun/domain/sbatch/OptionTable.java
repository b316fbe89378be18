package io.longrun.domain.sbatch;

import io.longrun.domain.sbatch.SbatchOption.Arg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every option sbatch's getopt_long table has (src/common/slurm_opt.c, options with an sbatch or common
 * set function), whether Longrun supports it or not. The unsupported ones are listed so that long-option
 * abbreviations resolve, and are ambiguous, exactly as in sbatch ({@code --par} is ambiguous there:
 * {@code --parsable} and {@code --partition}), and so that they are reported as unsupported rather than
 * unknown.
 */
final class OptionTable {

    /**
     * One getopt_long entry. {@code target} identifies getopt's {@code val}: entries with the same target
     * (e.g. {@code ntasks-per-node} and its old alias {@code tasks-per-node}) are one option to getopt, so a
     * prefix of both is not ambiguous.
     */
    record Entry(String longName, Character shortName, Arg arg, String target, SbatchOption supported) {
        boolean isSupported() {
            return supported != null;
        }
    }

    private static final Map<String, Entry> BY_LONG_NAME = new LinkedHashMap<>();
    private static final Map<Character, Entry> BY_SHORT_NAME = new LinkedHashMap<>();

    static {
        for (SbatchOption option : SbatchOption.values()) {
            add(new Entry(option.longName(), option.shortName().orElse(null), option.arg(), option.longName(),
                    option));
        }
        add(new Entry("tasks-per-node", null, Arg.REQUIRED, "ntasks-per-node", SbatchOption.NTASKS_PER_NODE));

        unsupported("acctg-freq", null, Arg.REQUIRED);
        unsupported("autocomplete", null, Arg.REQUIRED);
        unsupported("batch", null, Arg.REQUIRED);
        unsupported("bb", null, Arg.REQUIRED);
        unsupported("bbf", null, Arg.REQUIRED);
        unsupported("cluster", null, Arg.REQUIRED);
        unsupported("cluster-constraint", null, Arg.REQUIRED);
        unsupported("clusters", 'M', Arg.REQUIRED);
        unsupported("container", null, Arg.REQUIRED);
        unsupported("container-id", null, Arg.REQUIRED);
        unsupported("context", null, Arg.REQUIRED);
        unsupported("contiguous", null, Arg.NONE);
        unsupported("core-spec", 'S', Arg.REQUIRED);
        unsupported("cores-per-socket", null, Arg.REQUIRED);
        unsupported("cpu-freq", null, Arg.REQUIRED);
        unsupported("cpus-per-gpu", null, Arg.REQUIRED);
        unsupported("delay-boot", null, Arg.REQUIRED);
        unsupported("distribution", 'm', Arg.REQUIRED);
        unsupported("export-file", null, Arg.REQUIRED);
        unsupported("extra", null, Arg.REQUIRED);
        unsupported("extra-node-info", 'B', Arg.REQUIRED);
        unsupported("get-user-env", null, Arg.OPTIONAL);
        unsupported("gid", null, Arg.REQUIRED);
        unsupported("gpu-bind", null, Arg.REQUIRED);
        unsupported("gpu-freq", null, Arg.REQUIRED);
        unsupported("gpus-per-socket", null, Arg.REQUIRED);
        unsupported("gpus-per-task", null, Arg.REQUIRED);
        unsupported("gres-flags", null, Arg.REQUIRED);
        unsupported("help", 'h', Arg.NONE);
        unsupported("hint", null, Arg.REQUIRED);
        unsupported("ignore-pbs", null, Arg.NONE);
        unsupported("mcs-label", null, Arg.REQUIRED);
        unsupported("mem-bind", null, Arg.REQUIRED);
        unsupported("mincpus", null, Arg.REQUIRED);
        unsupported("network", null, Arg.REQUIRED);
        unsupported("no-kill", 'k', Arg.OPTIONAL);
        unsupported("nodefile", 'F', Arg.REQUIRED);
        unsupported("ntasks-per-core", null, Arg.REQUIRED);
        unsupported("ntasks-per-gpu", null, Arg.REQUIRED);
        unsupported("ntasks-per-socket", null, Arg.REQUIRED);
        unsupported("ntasks-per-tres", null, Arg.REQUIRED);
        unsupported("overcommit", 'O', Arg.NONE);
        unsupported("oversubscribe", 's', Arg.NONE);
        unsupported("parsable", null, Arg.NONE);
        unsupported("prefer", null, Arg.REQUIRED);
        unsupported("profile", null, Arg.REQUIRED);
        unsupported("propagate", null, Arg.OPTIONAL);
        unsupported("quiet", 'Q', Arg.NONE);
        unsupported("reboot", null, Arg.NONE);
        unsupported("segment", null, Arg.REQUIRED);
        unsupported("sockets-per-node", null, Arg.REQUIRED);
        unsupported("spread-job", null, Arg.NONE);
        unsupported("stepmgr", null, Arg.NONE);
        unsupported("switches", null, Arg.REQUIRED);
        unsupported("test-only", null, Arg.NONE);
        unsupported("thread-spec", null, Arg.REQUIRED);
        unsupported("threads-per-core", null, Arg.REQUIRED);
        unsupported("tres-bind", null, Arg.REQUIRED);
        unsupported("tres-per-task", null, Arg.REQUIRED);
        unsupported("uid", null, Arg.REQUIRED);
        unsupported("usage", null, Arg.NONE);
        unsupported("use-min-nodes", null, Arg.NONE);
        unsupported("verbose", 'v', Arg.NONE);
        unsupported("version", 'V', Arg.NONE);
        unsupported("wait", 'W', Arg.NONE);
        unsupported("wait-all-nodes", null, Arg.REQUIRED);
        unsupported("wrap", null, Arg.REQUIRED);
    }

    private OptionTable() {
    }

    private static void unsupported(String longName, Character shortName, Arg arg) {
        add(new Entry(longName, shortName, arg, longName, null));
    }

    private static void add(Entry entry) {
        if (BY_LONG_NAME.put(entry.longName(), entry) != null) {
            throw new IllegalStateException("duplicate option " + entry.longName());
        }
        if (entry.shortName() != null && !entry.longName().equals("tasks-per-node")
                && BY_SHORT_NAME.put(entry.shortName(), entry) != null) {
            throw new IllegalStateException("duplicate short option " + entry.shortName());
        }
    }

    /** The outcome of looking up a long name: one entry, or the candidates when it is ambiguous. */
    record Match(Optional<Entry> entry, List<Entry> candidates) {
    }

    /**
     * getopt_long's lookup: an exact name wins; otherwise a unique prefix, where prefixes of several
     * entries for the same target count as unique (glibc compares has_arg, flag and val).
     */
    static Match findLong(String name) {
        Entry exact = BY_LONG_NAME.get(name);
        if (exact != null) {
            return new Match(Optional.of(exact), List.of(exact));
        }
        List<Entry> candidates = new ArrayList<>();
        for (Entry entry : BY_LONG_NAME.values()) {
            if (!name.isEmpty() && entry.longName().startsWith(name)) {
                candidates.add(entry);
            }
        }
        if (candidates.isEmpty()) {
            return new Match(Optional.empty(), List.of());
        }
        Entry first = candidates.get(0);
        boolean oneTarget = candidates.stream()
                .allMatch(c -> c.target().equals(first.target()) && c.arg() == first.arg());
        return new Match(oneTarget ? Optional.of(first) : Optional.empty(), candidates);
    }

    static Optional<Entry> findShort(char name) {
        return Optional.ofNullable(BY_SHORT_NAME.get(name));
    }
}
