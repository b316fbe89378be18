package io.longrun.application.port.in;

/** The chain is not in a state where the requested change makes sense. */
public class ChainConflictException extends RuntimeException {
    public ChainConflictException(String message) {
        super(message);
    }
}
