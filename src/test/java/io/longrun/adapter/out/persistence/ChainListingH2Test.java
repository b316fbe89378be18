package io.longrun.adapter.out.persistence;

import org.springframework.test.context.TestPropertySource;

/** The listing on H2, the embedded database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:listing-test;DB_CLOSE_DELAY=-1")
class ChainListingH2Test extends ChainListingContract {
}
