package io.longrun.application.port.in;

/** A retry policy in a request that cannot work. */
public class InvalidPolicyException extends RuntimeException {
    public InvalidPolicyException(String message) {
        super(message);
    }
}
