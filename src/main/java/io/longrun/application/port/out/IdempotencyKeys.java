package io.longrun.application.port.out;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency keys per caller. The store keeps (caller, key) unique, so of two requests at the same moment
 * exactly one reserves the key.
 */
public interface IdempotencyKeys {

    /** A key already taken: the chain its first request creates and a fingerprint of that request. */
    record Reservation(UUID chainId, String fingerprint) {
    }

    /**
     * Reserves the key for a chain about to be created.
     *
     * @return empty when reserved now; the earlier reservation when the key is taken
     */
    Optional<Reservation> reserve(String caller, String key, String fingerprint, UUID chainId);

    /** Frees a key whose request failed, so nothing is left for a request that stored nothing. */
    void release(String caller, String key, UUID chainId);

    /**
     * Forgets every key reserved before the cutoff: a request with such a key afterwards creates a new chain.
     *
     * @return how many keys were forgotten
     */
    int forgetReservedBefore(Instant cutoff);
}
