package io.longrun.application.port.in;

/** The caller asked for something it is not allowed to do (submit as another Slurm user). */
public class CallerNotAllowedException extends RuntimeException {
    public CallerNotAllowedException(String message) {
        super(message);
    }
}
