package io.longrun.application.port.in;

/** An Idempotency-Key reused with a different request, or whose first request is still being served. */
public class IdempotencyConflictException extends RuntimeException {
    private final boolean differentRequest;

    public IdempotencyConflictException(String message, boolean differentRequest) {
        super(message);
        this.differentRequest = differentRequest;
    }

    /** True when the key was used before for a different request (422); false while it is in progress (409). */
    public boolean differentRequest() {
        return differentRequest;
    }
}
