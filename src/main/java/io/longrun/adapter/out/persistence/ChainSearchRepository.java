package io.longrun.adapter.out.persistence;

import io.longrun.application.port.out.ChainQuery;
import java.util.List;

/** The listing query of {@code GET /chains}, built for the filters it has (a Spring Data fragment). */
interface ChainSearchRepository {

    /** The page's chains with their attempts, in the query's order. */
    List<ChainEntity> listing(ChainQuery query);
}
