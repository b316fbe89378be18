package io.longrun.domain;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When a chain resubmits, stored with the chain and changeable while it runs.
 *
 * @param maxRestarts        at most this many resubmissions (so at most maxRestarts + 1 attempts)
 * @param resubmitOn         the Slurm endings that resubmit
 * @param resubmitExitCodes  exit codes with which a job asks for another attempt (it saved its state and exited
 *                           on purpose, like Slurm's RequeueExit); Slurm records such a job as FAILED
 * @param noProgressAttempts stop after this many consecutive attempts that each ran less than
 *                           {@code noProgressRuntime} (0 switches the guard off)
 * @param noProgressRuntime  an attempt that ran shorter than this made no progress
 * @param backoffInitial     wait before resubmitting after the first attempt that made no progress; doubled after
 *                           each further one, up to {@code backoffMax}, with ±20 % jitter. Attempts that made
 *                           progress are resubmitted at once.
 * @param backoffMax         the cap on that wait
 * @param walltimeBudget     stop resubmitting once the attempts together ran this long (null: no budget)
 */
public record RetryPolicy(int maxRestarts, Set<SlurmJobState> resubmitOn, Set<Integer> resubmitExitCodes,
                          int noProgressAttempts, Duration noProgressRuntime, Duration backoffInitial,
                          Duration backoffMax, Duration walltimeBudget) {

    /** The exit code a job uses to ask for another attempt unless its policy says otherwise. */
    public static final int RESUBMIT_EXIT_CODE = 99;
    public static final Set<SlurmJobState> DEFAULT_ENDINGS = Set.copyOf(EnumSet.of(SlurmJobState.TIMEOUT,
            SlurmJobState.PREEMPTED, SlurmJobState.NODE_FAIL, SlurmJobState.DEADLINE, SlurmJobState.BOOT_FAIL));

    public RetryPolicy {
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative");
        }
        if (noProgressAttempts < 0) {
            throw new IllegalArgumentException("noProgressAttempts must not be negative");
        }
        resubmitOn = Set.copyOf(resubmitOn);
        if (resubmitOn.stream().anyMatch(state -> !state.isTerminal() || state.isSuccessful())) {
            throw new IllegalArgumentException("only unsuccessful endings can resubmit, not " + resubmitOn);
        }
        if (resubmitOn.contains(SlurmJobState.REVOKED)) {
            throw new IllegalArgumentException("REVOKED means the job runs on a sibling cluster: resubmitting it"
                    + " would run the work twice");
        }
        resubmitExitCodes = Set.copyOf(resubmitExitCodes);
        Objects.requireNonNull(noProgressRuntime);
        Objects.requireNonNull(backoffInitial);
        Objects.requireNonNull(backoffMax);
    }

    public static RetryPolicy defaults(int maxRestarts) {
        return new RetryPolicy(maxRestarts, DEFAULT_ENDINGS, Set.of(RESUBMIT_EXIT_CODE), 3, Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofMinutes(30), null);
    }

    public RetryPolicy withMaxRestarts(int restarts) {
        return new RetryPolicy(restarts, resubmitOn, resubmitExitCodes, noProgressAttempts, noProgressRuntime,
                backoffInitial, backoffMax, walltimeBudget);
    }

    /** Whether this ending (with its exit code) asks for another attempt at all. */
    public boolean resubmits(SlurmJobState ending, Integer exitCode) {
        if (resubmitOn.contains(ending)) {
            return true;
        }
        return ending == SlurmJobState.FAILED && exitCode != null && resubmitExitCodes.contains(exitCode);
    }

    /**
     * The wait before the next attempt after {@code shortAttemptsInARow} attempts without progress:
     * none after an attempt that made progress, else exponential with jitter and a cap.
     *
     * @param jitter a number in [0, 1) that spreads the waits of many chains
     */
    public Duration backoff(int shortAttemptsInARow, double jitter) {
        if (shortAttemptsInARow <= 0 || backoffInitial.isZero()) {
            return Duration.ZERO;
        }
        double exponential = backoffInitial.toMillis() * Math.pow(2, Math.min(30, shortAttemptsInARow - 1));
        double capped = Math.min(exponential, backoffMax.toMillis());
        return Duration.ofMillis(Math.round(capped * (0.8 + 0.4 * jitter)));
    }
}
