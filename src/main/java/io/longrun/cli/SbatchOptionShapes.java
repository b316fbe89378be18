package io.longrun.cli;

import io.longrun.domain.sbatch.SbatchOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which sbatch options take a value, as sbatch's getopt_long table has them: what the command line needs
 * to know to find the script among sbatch's arguments ({@code -J x} takes {@code x}, {@code --hold job.sh}
 * does not take {@code job.sh}) without interpreting any option. Long names resolve by unambiguous prefix,
 * as in getopt_long. The options Longrun passes on come from {@link SbatchOption}; the rest of sbatch's
 * table is listed here (a test keeps both in step with the domain's option table).
 */
final class SbatchOptionShapes {

    enum Shape { NONE, REQUIRED, OPTIONAL }

    private static final Map<String, Shape> LONG = new LinkedHashMap<>();
    private static final Map<Character, Shape> SHORT = new LinkedHashMap<>();

    static {
        for (SbatchOption option : SbatchOption.values()) {
            Shape shape = Shape.valueOf(option.arg().name());
            LONG.put(option.longName(), shape);
            option.shortName().ifPresent(c -> SHORT.put(c, shape));
        }
        LONG.put("tasks-per-node", Shape.REQUIRED);
        for (String name : ("acctg-freq autocomplete batch bb bbf cluster cluster-constraint clusters container"
                + " container-id context core-spec cores-per-socket cpu-freq cpus-per-gpu delay-boot distribution"
                + " export-file extra extra-node-info gid gpu-bind gpu-freq gpus-per-socket gpus-per-task gres-flags"
                + " hint mcs-label mem-bind mincpus network nodefile ntasks-per-core ntasks-per-gpu ntasks-per-socket"
                + " ntasks-per-tres prefer profile segment sockets-per-node switches thread-spec threads-per-core"
                + " tres-bind tres-per-task uid wait-all-nodes wrap").split(" ")) {
            LONG.put(name, Shape.REQUIRED);
        }
        for (String name : ("contiguous help ignore-pbs overcommit oversubscribe parsable quiet reboot spread-job"
                + " stepmgr test-only usage use-min-nodes verbose version wait").split(" ")) {
            LONG.put(name, Shape.NONE);
        }
        for (String name : "get-user-env no-kill propagate".split(" ")) {
            LONG.put(name, Shape.OPTIONAL);
        }
        "MSBFm".chars().forEach(c -> SHORT.put((char) c, Shape.REQUIRED));
        "hOsQvVW".chars().forEach(c -> SHORT.put((char) c, Shape.NONE));
        SHORT.put('k', Shape.OPTIONAL);
    }

    private SbatchOptionShapes() {
    }

    /** The option a long name (without dashes) means: exact, or the only option it is a prefix of. */
    static Optional<String> resolveLong(String name) {
        if (LONG.containsKey(name)) {
            return Optional.of(name);
        }
        List<String> candidates = new ArrayList<>();
        for (String known : LONG.keySet()) {
            if (!name.isEmpty() && known.startsWith(name)) {
                candidates.add(known);
            }
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    /**
     * An ambiguous prefix whose candidates all take a value ({@code --ti}: time, time-min) takes one here too, so
     * that sbatch (or Longrun) reports the ambiguity rather than a missing script; unknown names take none.
     */
    static Shape longShape(String name) {
        Optional<String> resolved = resolveLong(name);
        if (resolved.isPresent()) {
            return LONG.get(resolved.get());
        }
        List<Shape> shapes = LONG.entrySet().stream()
                .filter(entry -> !name.isEmpty() && entry.getKey().startsWith(name))
                .map(Map.Entry::getValue).distinct().toList();
        return shapes.size() == 1 ? shapes.get(0) : Shape.NONE;
    }

    static Shape shortShape(char name) {
        return SHORT.getOrDefault(name, Shape.NONE);
    }

    static Map<String, Shape> longOptions() {
        return Map.copyOf(LONG);
    }

    static Map<Character, Shape> shortOptions() {
        return Map.copyOf(SHORT);
    }
}
