package io.longrun.cli;

/** A command line that cannot be run as given; the message says why, for the user. */
class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
