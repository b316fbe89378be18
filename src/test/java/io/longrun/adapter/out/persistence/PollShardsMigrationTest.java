package io.longrun.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.support.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a database that holds chains from per-chain poll claims (V5–V7) to shards (V8), on H2 and PostgreSQL:
 * every stored chain lands in the shard a new chain with its id gets, and the old claim columns go.
 */
class PollShardsMigrationTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void upgradingH2KeepsEveryChainInItsShard() throws SQLException {
        upgrade("jdbc:h2:mem:shards-upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
    }

    @Test
    void upgradingPostgresqlKeepsEveryChainInItsShard() throws SQLException {
        upgrade(Postgres.freshDatabase("longrun_upgrade"), Postgres.user());
    }

    private static void upgrade(String url, String user) throws SQLException {
        Flyway.configure().dataSource(url, user, "").target("7").load().migrate();
        List<UUID> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO chain (id, slurm_user, script, args,"
                    + " environment, policy, state, created_at, updated_at, held, version, poll_claimed_by,"
                    + " poll_claimed_until) VALUES (?, 'alice', '#!/bin/bash', '[]', '{}', '{}', 'ACTIVE', ?, ?, FALSE,"
                    + " 0, 'old-replica', ?)");
            for (int i = 0; i < 500; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                insert.setObject(1, id);
                insert.setTimestamp(2, Timestamp.from(T0));
                insert.setTimestamp(3, Timestamp.from(T0));
                insert.setTimestamp(4, Timestamp.from(T0.plusSeconds(20)));
                insert.executeUpdate();
            }
        }

        Flyway.configure().dataSource(url, user, "").load().migrate();

        try (Connection connection = DriverManager.getConnection(url, user, "")) {
            Map<UUID, Integer> shards = new HashMap<>();
            try (ResultSet rows = connection.createStatement().executeQuery("SELECT id, poll_shard FROM chain")) {
                while (rows.next()) {
                    shards.put(rows.getObject(1, UUID.class), rows.getInt(2));
                }
            }
            assertThat(shards).hasSize(ids.size());
            ids.forEach(id -> assertThat(shards.get(id)).as("shard of %s", id).isEqualTo(PollShards.of(id)));
            assertThat(shards.values().stream().distinct().count()).as("spread over the shards")
                    .isGreaterThan(PollShards.COUNT * 3 / 4);
            try (ResultSet free = connection.createStatement().executeQuery(
                    "SELECT COUNT(*) FROM poll_shard WHERE claimed_by IS NULL")) {
                free.next();
                assertThat(free.getInt(1)).as("every shard free for the first replica").isEqualTo(PollShards.COUNT);
            }
            try (ResultSet columns = connection.getMetaData().getColumns(null, null, "%", "%")) {
                while (columns.next()) {
                    assertThat(columns.getString("COLUMN_NAME").toLowerCase())
                            .doesNotStartWith("poll_claimed");
                }
            }
        }
    }
}
