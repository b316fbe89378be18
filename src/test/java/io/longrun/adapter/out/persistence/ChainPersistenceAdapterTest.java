package io.longrun.adapter.out.persistence;

import org.springframework.test.context.TestPropertySource;

/** Chains stored in H2, the embedded database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:persistence-test;DB_CLOSE_DELAY=-1")
class ChainPersistenceAdapterTest extends ChainStorageContract {
}
