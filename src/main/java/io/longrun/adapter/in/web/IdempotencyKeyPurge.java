package io.longrun.adapter.in.web;

import io.longrun.application.port.out.IdempotencyKeys;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Forgets the Idempotency-Keys of {@code POST /chains} after {@code longrun.api.idempotency-key-retention}: every
 * {@code idempotency-key-purge-interval}, one DELETE of the older ones (safe on every replica at once). A retry
 * within the retention returns the first chain; a key reused after it creates a new one.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnWebApplication
class IdempotencyKeyPurge {
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);

    private final IdempotencyKeys keys;
    private final Clock clock;
    private final Duration retention;

    IdempotencyKeyPurge(IdempotencyKeys keys, Clock clock, WebConfiguration.ApiProperties properties) {
        this.keys = keys;
        this.clock = clock;
        this.retention = properties.idempotencyKeyRetention();
    }

    @Scheduled(fixedDelayString = "${longrun.api.idempotency-key-purge-interval:1h}",
            initialDelayString = "${longrun.api.idempotency-key-purge-interval:1h}")
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            // The next run tries again; until then old keys only take room.
            log.warn("Could not delete expired Idempotency-Keys: {}", e.getMessage());
        }
    }

    /** @return how many keys were forgotten */
    int purge() {
        int forgotten = keys.forgetReservedBefore(clock.instant().minus(retention));
        if (forgotten > 0) {
            log.info("Forgot {} Idempotency-Keys older than {}", forgotten, retention);
        }
        return forgotten;
    }
}
