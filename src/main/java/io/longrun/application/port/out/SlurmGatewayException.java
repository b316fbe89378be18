package io.longrun.application.port.out;

import java.util.List;

/** Slurm could not do what was asked. {@link Kind} tells the engine whether trying again can help. */
public class SlurmGatewayException extends RuntimeException {

    public enum Kind {
        /** Slurm could not be reached or was busy: try again later. */
        TRANSIENT,
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

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    /** Slurm's own error texts, as it sent them. */
    public List<String> slurmErrors() {
        return slurmErrors;
    }
}
