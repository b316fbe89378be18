package io.longrun.application;

import io.longrun.domain.sbatch.InvalidSbatchOptionException;
import io.longrun.domain.sbatch.SbatchOptions;
import java.util.Optional;

/**
 * What Longrun refuses in option values although sbatch would take them: control characters anywhere (a NUL
 * cuts a C string in slurmctld, a newline forges log lines) and {@code ..} in file and directory paths, so a
 * request cannot point a job's files outside where it names them.
 */
final class OptionValueRules {
    private OptionValueRules() {
    }

    static void check(SbatchOptions options) {
        text("--job-name", options.jobName());
        text("--comment", options.comment());
        path("--output", options.output());
        path("--error", options.error());
        path("--input", options.input());
        path("--chdir", options.chdir());
    }

    private static void text(String option, Optional<String> value) {
        if (value.isPresent() && hasControl(value.get())) {
            throw new InvalidSbatchOptionException(option, option + ": control characters are not allowed");
        }
    }

    private static void path(String option, Optional<String> value) {
        text(option, value);
        if (value.isPresent() && hasDotDot(value.get())) {
            throw new InvalidSbatchOptionException(option, option + ": '..' is not allowed in a path");
        }
    }

    static boolean hasDotDot(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    static boolean hasControl(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }
}
