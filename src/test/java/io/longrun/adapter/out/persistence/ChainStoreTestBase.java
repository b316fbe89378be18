package io.longrun.adapter.out.persistence;

import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The chain store on the real schema (Flyway migrations, validated by Hibernate), in whichever database the subclass
 * points the context at; each test commits on its own, as the service does.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(ChainPersistenceAdapter.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class ChainStoreTestBase {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Autowired
    ChainPersistenceAdapter adapter;
}
