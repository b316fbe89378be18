package io.longrun.application.port.in;

import io.longrun.application.port.out.ChainQuery;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import io.longrun.domain.ChainState;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The chain use cases on behalf of a caller: a chain the caller may not see does not exist for it (empty, so
 * the API answers 404 and never confirms that another user's chain exists).
 */
public interface CallerChains {

    /** A created chain, and whether it was created by this request or an earlier one with the same key. */
    record Created(Chain chain, boolean replayed) {
    }

    /**
     * Creates a chain as the request's user, or the caller's own Slurm user when the request names none.
     *
     * @param idempotencyKey null, or a key that makes a repeated request return the chain of the first one
     * @throws CallerNotAllowedException     when the caller may not submit as that user
     * @throws MissingUserException          when no user is given and the caller has no single Slurm user
     * @throws IdempotencyConflictException when the key was used for a different request, or is in progress
     */
    Created create(Caller caller, NewChain request, String idempotencyKey);

    Optional<Chain> find(Caller caller, UUID id);

    Optional<List<ChainEvent>> events(Caller caller, UUID id);

    /** Newest first; only the caller's own chains unless it is an admin. Null filters match everything. */
    List<Chain> list(Caller caller, String user, ChainState state, int limit);

    /**
     * One page of the chains the caller may see: {@code query.users()} narrows them (null: all of them). An admin
     * sees every user's chains; anyone else only those of its own Slurm users, another user's name finds nothing.
     */
    List<Chain> search(Caller caller, ChainQuery query);

    Optional<Chain> cancel(Caller caller, UUID id);

    Optional<Chain> changePolicy(Caller caller, UUID id, PolicyRequest change);

    Optional<Chain> hold(Caller caller, UUID id);

    Optional<Chain> resume(Caller caller, UUID id);
}
