package io.longrun.application.port.in;

import io.longrun.domain.RetryPolicy;
import io.longrun.domain.SlurmJobState;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The parts of a retry policy a request sets; what it leaves null keeps the base policy's value (the
 * configured defaults for a new chain, the current policy for a change).
 */
public record PolicyRequest(Integer maxRestarts, List<String> resubmitOn, List<Integer> resubmitExitCodes,
                            Integer noProgressAttempts, Duration noProgressRuntime, Duration backoffInitial,
                            Duration backoffMax, Duration walltimeBudget) {

    public static final PolicyRequest NONE = new PolicyRequest(null, null, null, null, null, null, null, null);

    /**
     * @throws InvalidPolicyException when a value makes no sense (an unknown or successful ending, …)
     */
    public RetryPolicy over(RetryPolicy base) {
        try {
            return new RetryPolicy(
                    maxRestarts != null ? maxRestarts : base.maxRestarts(),
                    resubmitOn != null ? endings(resubmitOn) : base.resubmitOn(),
                    resubmitExitCodes != null ? new HashSet<>(resubmitExitCodes) : base.resubmitExitCodes(),
                    noProgressAttempts != null ? noProgressAttempts : base.noProgressAttempts(),
                    noProgressRuntime != null ? noProgressRuntime : base.noProgressRuntime(),
                    backoffInitial != null ? backoffInitial : base.backoffInitial(),
                    backoffMax != null ? backoffMax : base.backoffMax(),
                    walltimeBudget != null ? (walltimeBudget.isZero() ? null : walltimeBudget) : base.walltimeBudget());
        } catch (IllegalArgumentException invalid) {
            throw new InvalidPolicyException(invalid.getMessage());
        }
    }

    private static Set<SlurmJobState> endings(List<String> names) {
        Set<SlurmJobState> endings = new HashSet<>();
        for (String name : names) {
            SlurmJobState state = SlurmJobState.fromSlurm(name == null ? "" : name.toUpperCase(Locale.ROOT));
            if (state == SlurmJobState.UNKNOWN) {
                throw new InvalidPolicyException("resubmitOn: '" + name + "' is not a Slurm job ending");
            }
            endings.add(state);
        }
        return endings;
    }
}
