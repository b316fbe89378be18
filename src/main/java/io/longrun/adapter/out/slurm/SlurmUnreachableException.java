package io.longrun.adapter.out.slurm;

import io.longrun.application.port.out.SlurmGatewayException;
import java.util.List;

/**
 * The way to Slurm itself failed (connection refused, timed out), as opposed to Slurm answering with an
 * error. Always transient. {@code longrun.slurm.adapter=auto} switches to the command line on it.
 */
public class SlurmUnreachableException extends SlurmGatewayException {
    private final boolean mayHaveArrived;

    /**
     * @param mayHaveArrived the request may have reached Slurm (a read timeout): a submit must then not be
     *                       repeated another way, or the job could exist twice
     */
    public SlurmUnreachableException(String message, boolean mayHaveArrived, Throwable cause) {
        super(Kind.TRANSIENT, message, List.of(), cause);
        this.mayHaveArrived = mayHaveArrived;
    }

    public boolean mayHaveArrived() {
        return mayHaveArrived;
    }
}
