package io.longrun.adapter.out.persistence;

import io.longrun.support.Postgres;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The poll claims on PostgreSQL, where production replicas share their database. */
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class WatchedChainClaimsPostgresIT extends WatchedChainClaimsAdapterTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = Postgres.freshDatabase("longrun_claims");
        Postgres.datasource(registry, () -> url);
    }
}
