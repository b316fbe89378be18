package io.longrun.adapter.out.persistence;

import io.longrun.application.port.out.CommitDurability;
import java.sql.DatabaseMetaData;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * H2: {@code CHECKPOINT} writes the commits the store has not written yet (H2's {@code WRITE_DELAY}) at once, and
 * costs nothing when there are none; callers waiting at the same moment share one write (a group commit).
 * PostgreSQL (and an in-memory H2) commit durably by themselves: nothing to do.
 */
@Component
class CheckpointDurability implements CommitDurability {
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private volatile Boolean h2File;

    CheckpointDurability(DataSource dataSource, JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    @Override
    public void awaitDurable() {
        if (isH2File()) {
            jdbc.sql("CHECKPOINT").update();
        }
    }

    private boolean isH2File() {
        Boolean known = h2File;
        if (known == null) {
            try {
                known = JdbcUtils.extractDatabaseMetaData(dataSource, (DatabaseMetaData meta) ->
                        "H2".equals(meta.getDatabaseProductName()) && !meta.getURL().startsWith("jdbc:h2:mem:"));
            } catch (MetaDataAccessException unknown) {
                // Asked again next time: the database may be unreachable for now.
                throw new IllegalStateException("cannot tell which database this is", unknown);
            }
            h2File = known;
        }
        return known;
    }
}
