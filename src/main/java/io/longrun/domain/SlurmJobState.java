package io.longrun.domain;

import java.util.Collection;
import java.util.Locale;

/**
 * A Slurm job's base state, with what Longrun needs to know about it. Slurm's state strings are
 * mapped to it here and nowhere else.
 */
public enum SlurmJobState {
    PENDING(false, false, false),
    RUNNING(false, false, false),
    SUSPENDED(false, false, false),
    COMPLETED(true, true, false),
    CANCELLED(true, false, false),
    FAILED(true, false, false),
    TIMEOUT(true, false, true),
    NODE_FAIL(true, false, true),
    PREEMPTED(true, false, true),
    BOOT_FAIL(true, false, true),
    DEADLINE(true, false, true),
    OUT_OF_MEMORY(true, false, false),
    /** A federation flag: the sibling job runs on another cluster, so resubmitting would run the work twice. */
    REVOKED(true, false, false),
    /** A state this version of Longrun does not know: never treated as final. */
    UNKNOWN(false, false, false);

    private final boolean terminal;
    private final boolean successful;
    private final boolean retryable;

    SlurmJobState(boolean terminal, boolean successful, boolean retryable) {
        this.terminal = terminal;
        this.successful = successful;
        this.retryable = retryable;
    }

    public boolean isTerminal() {
        return terminal;
    }

    public boolean isSuccessful() {
        return successful;
    }

    /** Whether the ending says nothing about the script itself, so running it again can finish the work. */
    public boolean isRetryable() {
        return retryable;
    }

    /**
     * Maps slurmrestd's {@code job_state} / {@code state} array (e.g. {@code ["TIMEOUT"]},
     * {@code ["PENDING","REQUEUED"]}) to a base state: the first element Longrun knows. Flags such as
     * COMPLETING are not base states and are skipped.
     */
    public static SlurmJobState fromSlurm(Collection<String> states) {
        if (states == null) {
            return UNKNOWN;
        }
        for (String state : states) {
            SlurmJobState known = fromSlurm(state);
            if (known != UNKNOWN) {
                return known;
            }
        }
        return UNKNOWN;
    }

    public static SlurmJobState fromSlurm(String state) {
        if (state == null || state.isBlank()) {
            return UNKNOWN;
        }
        try {
            SlurmJobState known = valueOf(state.trim().toUpperCase(Locale.ROOT));
            return known == UNKNOWN ? UNKNOWN : known;
        } catch (IllegalArgumentException notABaseState) {
            return UNKNOWN;
        }
    }
}
