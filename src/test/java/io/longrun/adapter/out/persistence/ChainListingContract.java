package io.longrun.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.longrun.application.port.out.ChainQuery;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainState;
import io.longrun.domain.JobStatus;
import io.longrun.domain.RetryPolicy;
import io.longrun.domain.SlurmJobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The keyset listing behind {@code GET /chains} and the attempt details, on the real schema: the same tests on H2
 * ({@link ChainListingH2Test}) and PostgreSQL ({@link ChainListingPostgresTest}). Each test uses its own users, so
 * the tests share one database.
 */
abstract class ChainListingContract extends ChainStoreTestBase {
    @Autowired
    javax.sql.DataSource dataSource;

    Chain store(UUID id, String user, String name, Instant createdAt) {
        return adapter.save(Chain.create(id, user, name, "#!/bin/bash\ntrue\n", List.of(), "/home/" + user, Map.of(),
                RetryPolicy.defaults(3), createdAt));
    }

    Chain store(String user, String name, Instant createdAt) {
        return store(UUID.randomUUID(), user, name, createdAt);
    }

    static ChainQuery query(Set<String> users, boolean oldestFirst, int limit) {
        return new ChainQuery(users, null, null, null, null, oldestFirst, null, limit);
    }

    /** Pages through the whole listing, a page of {@code limit} at a time. */
    List<UUID> allPages(ChainQuery first) {
        List<UUID> all = new ArrayList<>();
        ChainQuery query = first;
        while (true) {
            List<Chain> page = adapter.search(query);
            page.forEach(chain -> all.add(chain.id()));
            if (page.size() < query.limit()) {
                return all;
            }
            Chain last = page.get(page.size() - 1);
            query = new ChainQuery(query.users(), query.state(), query.name(), query.createdAfter(),
                    query.createdBefore(), query.oldestFirst(), new ChainQuery.Position(last.createdAt(), last.id()),
                    query.limit());
        }
    }

    @Test
    void scriptArgumentsRoundTripAndAChainStoredBeforeThemHasNone() throws Exception {
        List<String> arguments = List.of("a b", "", "--time=5", "-n", "$HOME*", "it's \"q\"", "x\ny", "ü");
        Chain chain = adapter.save(Chain.create(UUID.randomUUID(), "script-args", null, "#!/bin/bash\n", List.of(),
                arguments, "/home/script-args", Map.of(), RetryPolicy.defaults(3), T0));
        assertThat(adapter.findById(chain.id()).orElseThrow().scriptArguments()).containsExactlyElementsOf(arguments);
        Chain none = store("script-args", null, T0);
        assertThat(adapter.findById(none.id()).orElseThrow().scriptArguments()).isEmpty();

        // a row from before V6: the column is NULL
        try (var connection = dataSource.getConnection();
             var update = connection.prepareStatement("UPDATE chain SET script_arguments = NULL WHERE id = ?")) {
            update.setObject(1, chain.id());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        Chain old = adapter.findById(chain.id()).orElseThrow();
        assertThat(old.scriptArguments()).isEmpty();
        assertThat(adapter.search(query(Set.of("script-args"), true, 10))).extracting(Chain::scriptArguments)
                .containsOnly(List.of());
    }

    @Test
    void pagesWalkTheOrderOfCreationTimeThenIdWithoutGapsOrRepeats() {
        String user = "u" + UUID.randomUUID().toString().substring(0, 8);
        // Two chains created in the same microsecond: the id decides between them.
        UUID low = UUID.fromString("00000000-0000-4000-8000-000000000001");
        UUID high = UUID.fromString("00000000-0000-4000-8000-000000000002");
        List<UUID> oldestFirst = new ArrayList<>();
        oldestFirst.add(store(user, "x", T0).id());
        oldestFirst.add(store(user, "x", T0.plusSeconds(60)).id());
        oldestFirst.add(store(low, user, "x", T0.plusSeconds(120)).id());
        oldestFirst.add(store(high, user, "x", T0.plusSeconds(120)).id());
        oldestFirst.add(store(user, "x", T0.plusSeconds(180)).id());
        store("someone-else-" + user, "x", T0.plusSeconds(90));

        assertThat(allPages(query(Set.of(user), true, 2))).containsExactlyElementsOf(oldestFirst);
        List<UUID> newestFirst = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(newestFirst);
        assertThat(allPages(query(Set.of(user), false, 2))).containsExactlyElementsOf(newestFirst);
        assertThat(allPages(query(Set.of(user), false, 1))).containsExactlyElementsOf(newestFirst);
        assertThat(adapter.search(query(Set.of(user), false, 100))).extracting(Chain::id)
                .containsExactlyElementsOf(newestFirst);
    }

    @Test
    void filtersCombine() {
        String alice = "a" + UUID.randomUUID().toString().substring(0, 8);
        String bob = "b" + UUID.randomUUID().toString().substring(0, 8);
        Chain first = store(alice, "train", T0);
        Chain second = store(alice, "eval", T0.plusSeconds(10));
        Chain third = store(bob, "train", T0.plusSeconds(20));
        Chain fourth = store(alice, "train", T0.plusSeconds(30));
        fourth.cancel("test", T0.plusSeconds(40));
        adapter.save(fourth);

        assertThat(ids(new ChainQuery(Set.of(alice, bob), null, null, null, null, false, null, 10)))
                .containsExactly(fourth.id(), third.id(), second.id(), first.id());
        assertThat(ids(new ChainQuery(Set.of(alice, bob), null, "train", null, null, false, null, 10)))
                .containsExactly(fourth.id(), third.id(), first.id());
        assertThat(ids(new ChainQuery(Set.of(alice), ChainState.CANCELLED, "train", null, null, false, null, 10)))
                .containsExactly(fourth.id());
        assertThat(ids(new ChainQuery(Set.of(alice), null, null, T0.plusSeconds(10), T0.plusSeconds(30), true, null,
                10))).containsExactly(second.id());
        assertThat(ids(new ChainQuery(Set.of(), null, null, null, null, false, null, 10))).isEmpty();
        // No user filter: every user's chains (an admin's listing).
        assertThat(ids(new ChainQuery(null, null, "train", T0, T0.plusSeconds(31), true, null, 100)))
                .containsSubsequence(first.id(), third.id(), fourth.id());
    }

    private List<UUID> ids(ChainQuery query) {
        return adapter.search(query).stream().map(Chain::id).toList();
    }

    @Test
    void anAttemptKeepsItsNodesAndStateReason() {
        String user = "n" + UUID.randomUUID().toString().substring(0, 8);
        Chain chain = store(user, "x", T0);
        chain.submissionAccepted(41, T0);
        chain.observe(new JobStatus(41, SlurmJobState.RUNNING, List.of("RUNNING"), false, null, T0, null,
                "node07", null), T0.plusSeconds(5));
        chain = adapter.save(chain);
        assertThat(adapter.findById(chain.id()).orElseThrow().attempts().get(0).nodes()).isEqualTo("node07");

        chain.observe(new JobStatus(41, SlurmJobState.NODE_FAIL, List.of("NODE_FAIL"), false, 0, T0,
                T0.plusSeconds(60), "node[07-08]", "NodeDown"), T0.plusSeconds(65));
        adapter.save(chain);

        Chain loaded = adapter.findById(chain.id()).orElseThrow();
        assertThat(loaded.attempts().get(0).nodes()).isEqualTo("node[07-08]");
        assertThat(loaded.attempts().get(0).stateReason()).isEqualTo("NodeDown");
        assertThat(loaded.attempts().get(1).nodes()).isNull();
        assertThat(adapter.search(query(Set.of(user), false, 10)).get(0).attempts().get(0).stateReason())
                .isEqualTo("NodeDown");
    }
}
