package io.longrun.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * H2 with a write delay keeps recent commits in memory; {@code SHUTDOWN IMMEDIATELY} drops them as a killed process
 * would. What {@link CheckpointDurability} was asked to make durable survives it.
 */
class CheckpointDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void aCommitMadeDurableSurvivesAnAbruptClose() {
        assertThat(rowsAfterAbruptClose(true)).isEqualTo(1);
    }

    @Test
    void withoutItTheWriteDelayLosesTheCommit() {
        // The control: shows that the test above tests something.
        assertThat(rowsAfterAbruptClose(false)).isZero();
    }

    @Test
    void anInMemoryDatabaseHasNothingToDo() {
        SingleConnectionDataSource memory = dataSource("jdbc:h2:mem:durability-test;DB_CLOSE_DELAY=-1");
        new CheckpointDurability(memory, JdbcClient.create(memory)).awaitDurable();
    }

    private int rowsAfterAbruptClose(boolean durable) {
        String url = "jdbc:h2:file:" + dir.resolve(durable ? "durable" : "delayed") + ";WRITE_DELAY=60000";
        SingleConnectionDataSource db = dataSource(url);
        JdbcClient jdbc = JdbcClient.create(db);
        jdbc.sql("CREATE TABLE t (id INT PRIMARY KEY)").update();
        // Everything so far on disk, so that only the row below is at stake.
        new CheckpointDurability(db, jdbc).awaitDurable();
        jdbc.sql("INSERT INTO t VALUES (1)").update();
        if (durable) {
            new CheckpointDurability(db, jdbc).awaitDurable();
        }
        jdbc.sql("SHUTDOWN IMMEDIATELY").update();
        SingleConnectionDataSource reopened = dataSource(url);
        try {
            return JdbcClient.create(reopened).sql("SELECT COUNT(*) FROM t").query(Integer.class).single();
        } finally {
            reopened.destroy();
        }
    }

    /** One connection kept open: H2 writes everything out when its last connection closes. */
    private static SingleConnectionDataSource dataSource(String url) {
        return new SingleConnectionDataSource(url, "sa", "", true);
    }
}
