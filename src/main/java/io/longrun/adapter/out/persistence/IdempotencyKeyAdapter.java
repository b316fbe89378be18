package io.longrun.adapter.out.persistence;

import io.longrun.application.port.out.IdempotencyKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Idempotency keys in their own table; its primary key (caller, key) decides which request wins. */
@Component
class IdempotencyKeyAdapter implements IdempotencyKeys {
    private final JdbcClient jdbc;
    private final Clock clock;

    IdempotencyKeyAdapter(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<Reservation> reserve(String caller, String key, String fingerprint, UUID chainId) {
        try {
            jdbc.sql("INSERT INTO idempotency_key (caller, request_key, fingerprint, chain_id, created_at) "
                            + "VALUES (?, ?, ?, ?, ?)")
                    .params(caller, key, fingerprint, chainId,
                            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .update();
            return Optional.empty();
        } catch (DuplicateKeyException taken) {
            // Read outside any transaction: the winner's row is committed when its INSERT returned.
            return jdbc.sql("SELECT chain_id, fingerprint FROM idempotency_key WHERE caller = ? AND request_key = ?")
                    .params(caller, key)
                    .query((rs, row) -> new Reservation(rs.getObject("chain_id", UUID.class),
                            rs.getString("fingerprint")))
                    .optional()
                    // Released between the INSERT and the SELECT: the earlier request failed; try again.
                    .or(() -> reserve(caller, key, fingerprint, chainId));
        }
    }

    @Override
    public void release(String caller, String key, UUID chainId) {
        jdbc.sql("DELETE FROM idempotency_key WHERE caller = ? AND request_key = ? AND chain_id = ?")
                .params(caller, key, chainId)
                .update();
    }

    @Override
    public int forgetReservedBefore(Instant cutoff) {
        // idempotency_key_created_idx makes this a range delete, however many keys there are.
        return jdbc.sql("DELETE FROM idempotency_key WHERE created_at < ?")
                .params(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .update();
    }
}
