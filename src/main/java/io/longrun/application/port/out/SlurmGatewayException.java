package io.longrun.application.port.out;

import java.util.List;

/** Slurm could not do what was asked. {@link Kind} tells the engine whether trying again can help. */
public class SlurmGatewayException extends RuntimeException {

    public enum Kind {
        /** Slurm could not be reached or was busy: try again later. */
        TRANSIENT,
        /**
         * A submit limit of the user, account or QOS was reached (e.g. {@code AssocMaxSubmitJobLimit},
         * {@code QOSMaxSubmitJobPerUserLimit}): it lifts when other jobs end, so try again later; the message says so.
         */
        QUOTA,
        /** Slurm said no for a reason a retry will not change (bad partition, bad option, …). */
        PERMANENT
    }

    private final Kind kind;
    private final List<String> slurmErrors;

    public SlurmGatewayException(Kind kind, String message, List<String> slurmErrors, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.slurmErrors = List.copyOf(slurmErrors);
    }

    public Kind kind() {
        return kind;
    }

    /** Trying again later can help: Slurm was unreachable or busy, or a submit limit will lift. */
    public boolean isTransient() {
        return kind == Kind.TRANSIENT || kind == Kind.QUOTA;
    }

    /** Slurm's own error texts, as it sent them. */
    public List<String> slurmErrors() {
        return slurmErrors;
    }
}
