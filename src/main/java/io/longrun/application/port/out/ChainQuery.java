package io.longrun.application.port.out;

import io.longrun.domain.ChainState;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Which chains to list, in which order, from where: one page of a keyset listing. Chains are ordered by creation
 * time, then id; a page starts after the last chain of the previous one, so chains created in between never shift
 * a page (newest first, they appear before the first page; oldest first, after the last).
 *
 * @param users         whose chains; null: every user's
 * @param state         null: any state
 * @param name          the job name, exactly; null: any
 * @param createdAfter  only chains created at or after this instant; null: no bound
 * @param createdBefore only chains created before this instant; null: no bound
 * @param oldestFirst   ascending creation time (default: newest first)
 * @param after         the last chain of the previous page; null for the first page
 * @param limit         at most this many chains
 */
public record ChainQuery(Set<String> users, ChainState state, String name, Instant createdAfter,
                         Instant createdBefore, boolean oldestFirst, Position after, int limit) {

    /** Where a chain stands in the order: its creation time, then its id. */
    public record Position(Instant createdAt, UUID id) {
        public Position {
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(id, "id");
        }
    }

    public ChainQuery {
        users = users == null ? null : Set.copyOf(users);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }

    /** The same query for other users. */
    public ChainQuery forUsers(Set<String> users) {
        return new ChainQuery(users, state, name, createdAfter, createdBefore, oldestFirst, after, limit);
    }

    /** The same query with another page size. */
    public ChainQuery withLimit(int limit) {
        return new ChainQuery(users, state, name, createdAfter, createdBefore, oldestFirst, after, limit);
    }
}
