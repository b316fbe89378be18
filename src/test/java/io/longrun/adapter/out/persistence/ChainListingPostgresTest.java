package io.longrun.adapter.out.persistence;

import io.longrun.support.Postgres;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The listing on PostgreSQL (127.0.0.1:5432), where the V4 migration must run too; skips itself without a server. */
class ChainListingPostgresTest extends ChainListingContract {
    private static String url;

    @BeforeAll
    static void freshDatabase() {
        url = Postgres.freshDatabase("listing");
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Postgres.datasource(registry, () -> url);
    }
}
