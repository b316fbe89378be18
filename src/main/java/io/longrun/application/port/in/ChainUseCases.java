package io.longrun.application.port.in;

import io.longrun.application.port.out.ChainQuery;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import io.longrun.domain.ChainState;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the API (and later the command line) can do with chains. */
public interface ChainUseCases {

    /**
     * Creates a chain and submits its first attempt.
     *
     * @throws io.longrun.domain.sbatch.InvalidSbatchOptionException when the script or args hold an option
     *                                                              Longrun cannot pass on; nothing is stored then
     */
    default Chain create(NewChain request) {
        return create(UUID.randomUUID(), request);
    }

    /** Creates a chain under an id chosen beforehand (an idempotency key reserves it before the chain exists). */
    Chain create(UUID id, NewChain request);

    Optional<Chain> find(UUID id);

    /** The chain's history, or empty when there is no such chain. */
    Optional<List<ChainEvent>> events(UUID id);

    List<Chain> list(String user, ChainState state, int limit);

    /** One page of a listing (see {@link ChainQuery}). */
    List<Chain> search(ChainQuery query);

    /**
     * @throws ChainConflictException when the chain has already ended
     */
    Optional<Chain> cancel(UUID id, String by);

    /**
     * Changes a running chain's retry policy; takes effect at its next decision.
     *
     * @throws ChainConflictException when the chain has already ended
     * @throws InvalidPolicyException when the changed policy cannot work
     */
    Optional<Chain> changePolicy(UUID id, PolicyRequest change, String by);

    /**
     * Lets the current job run but submits no new attempt until resumed.
     *
     * @throws ChainConflictException when the chain has already ended
     */
    Optional<Chain> hold(UUID id, String by);

    /** Undoes {@link #hold}. @throws ChainConflictException when the chain has already ended */
    Optional<Chain> resume(UUID id, String by);
}
