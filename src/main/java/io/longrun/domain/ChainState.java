package io.longrun.domain;

/** Where a chain is in its life. The terminal states never change again. */
public enum ChainState {
    /** Waiting for Slurm to accept the next attempt. */
    SUBMITTING(false),
    /** An attempt is in Slurm (pending, running or ending). */
    ACTIVE(false),
    /** An attempt COMPLETED. */
    SUCCEEDED(true),
    /** An attempt ended in a state that is not retried, or Slurm refused a submission. */
    FAILED(true),
    /** A retryable ending came after every restart was used. */
    EXHAUSTED(true),
    /** Cancelled through Longrun. */
    CANCELLED(true);

    private final boolean terminal;

    ChainState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }
}
