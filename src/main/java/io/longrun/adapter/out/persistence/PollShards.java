package io.longrun.adapter.out.persistence;

import java.util.UUID;

/**
 * Which poll shard a chain belongs to: the low 6 bits of its id, fixed for its lifetime. V8__poll_shards.sql computes
 * the same for the chains stored before shards existed; both must agree.
 */
final class PollShards {
    static final int COUNT = 64;

    private PollShards() {
    }

    static int of(UUID chainId) {
        return (int) (chainId.getLeastSignificantBits() & (COUNT - 1));
    }

    /** An even share of the shards among {@code replicas} replicas, rounded up so that together they hold them all. */
    static int share(long replicas) {
        return (int) ((COUNT + Math.max(1, replicas) - 1) / Math.max(1, replicas));
    }
}
