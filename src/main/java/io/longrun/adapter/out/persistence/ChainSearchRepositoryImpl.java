package io.longrun.adapter.out.persistence;

import io.longrun.application.port.out.ChainQuery;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keyset pagination on (created_at, id): the page after a position is "created later, or at the same time with a
 * greater id" (or earlier/smaller, newest first), so a page costs an index range scan however deep it is, and
 * chains created meanwhile never shift it. Only the filters given are in the statement, so each combination is
 * planned for its own index (V4__listing.sql): (created_at, id), (slurm_user, created_at, id),
 * (state, created_at, id), (name, created_at, id).
 *
 * <p>Two statements: the page's ids in order, then those chains with their attempts in one join (a limit on a
 * join with a collection would be applied in memory).
 */
class ChainSearchRepositoryImpl implements ChainSearchRepository {
    private final EntityManager entities;

    ChainSearchRepositoryImpl(EntityManager entities) {
        this.entities = entities;
    }

    @Override
    public List<ChainEntity> listing(ChainQuery query) {
        if (query.users() != null && query.users().isEmpty()) {
            return List.of();
        }
        StringBuilder jpql = new StringBuilder("select c.id from ChainEntity c where 1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (query.users() != null) {
            jpql.append(query.users().size() == 1 ? " and c.user = :user" : " and c.user in :users");
            parameters.put(query.users().size() == 1 ? "user" : "users",
                    query.users().size() == 1 ? query.users().iterator().next() : query.users());
        }
        if (query.state() != null) {
            jpql.append(" and c.state = :state");
            parameters.put("state", query.state().name());
        }
        if (query.name() != null) {
            jpql.append(" and c.name = :name");
            parameters.put("name", query.name());
        }
        if (query.createdAfter() != null) {
            jpql.append(" and c.createdAt >= :createdAfter");
            parameters.put("createdAfter", query.createdAfter());
        }
        if (query.createdBefore() != null) {
            jpql.append(" and c.createdAt < :createdBefore");
            parameters.put("createdBefore", query.createdBefore());
        }
        String beyond = query.oldestFirst() ? ">" : "<";
        if (query.after() != null) {
            jpql.append(" and (c.createdAt ").append(beyond).append(" :afterCreatedAt or (c.createdAt = :afterCreatedAt")
                    .append(" and c.id ").append(beyond).append(" :afterId))");
            parameters.put("afterCreatedAt", query.after().createdAt());
            parameters.put("afterId", query.after().id());
        }
        String direction = query.oldestFirst() ? "asc" : "desc";
        jpql.append(" order by c.createdAt ").append(direction).append(", c.id ").append(direction);
        TypedQuery<UUID> ids = entities.createQuery(jpql.toString(), UUID.class).setMaxResults(query.limit());
        parameters.forEach(ids::setParameter);
        List<UUID> page = ids.getResultList();
        if (page.isEmpty()) {
            return List.of();
        }
        List<ChainEntity> chains = new ArrayList<>(entities.createQuery(
                        "select distinct c from ChainEntity c left join fetch c.attempts where c.id in :ids",
                        ChainEntity.class)
                .setParameter("ids", page)
                .getResultList());
        Map<UUID, Integer> order = new HashMap<>();
        for (int i = 0; i < page.size(); i++) {
            order.put(page.get(i), i);
        }
        chains.sort(Comparator.comparing(chain -> order.get(chain.id)));
        return chains;
    }
}
