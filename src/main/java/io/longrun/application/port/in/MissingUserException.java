package io.longrun.application.port.in;

/** A request that names no Slurm user from a caller that acts for more than one (or for anyone). */
public class MissingUserException extends RuntimeException {
    public MissingUserException(String message) {
        super(message);
    }
}
