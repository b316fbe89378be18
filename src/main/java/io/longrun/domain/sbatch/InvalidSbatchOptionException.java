package io.longrun.domain.sbatch;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * An option sbatch would refuse (unknown, ambiguous, missing or invalid value), or one Longrun does not
 * support. {@link #option()} is the option as the user wrote it ({@code --frobnicate}, {@code -t},
 * {@code --ti}); {@link #line()} is the script line when it came from an {@code #SBATCH} directive.
 */
public class InvalidSbatchOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String option;
    private final int line;

    public InvalidSbatchOptionException(String option, String message) {
        this(option, message, 0);
    }

    /**
     * @param line the 1-based script line of the directive, or 0 when the option came from the args
     */
    public InvalidSbatchOptionException(String option, String message, int line) {
        super(line > 0 ? message + " (#SBATCH directive on script line " + line + ")" : message);
        this.option = Objects.requireNonNull(option, "option");
        this.line = line;
    }

    /** The option as written, e.g. {@code --frobnicate}; empty for problems of the script itself. */
    public String option() {
        return option;
    }

    /** The 1-based script line of the offending directive; empty when it came from the args. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }
}
