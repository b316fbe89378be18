package io.longrun.adapter.out.persistence;

import io.longrun.support.Postgres;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Chains stored in PostgreSQL (127.0.0.1:5432), the production database; skips itself without a server. */
class ChainPersistenceAdapterPostgresTest extends ChainStorageContract {
    private static String url;

    @BeforeAll
    static void freshDatabase() {
        url = Postgres.freshDatabase("storage");
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Postgres.datasource(registry, () -> url);
    }
}
