package io.longrun.adapter.out.persistence;

import io.longrun.domain.RetryPolicy;
import io.longrun.domain.SlurmJobState;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/** A chain's retry policy as a small JSON document: it grows fields without schema migrations. */
@Converter
class PolicyColumn implements AttributeConverter<RetryPolicy, String> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Policies read so far, by their JSON: most chains share a handful, and the poller reads every watched chain at
     * every cycle (parsing them was a sixth of what the 10,000-chain benchmark allocated). RetryPolicy is immutable.
     */
    private static final Map<String, RetryPolicy> READ = new ConcurrentHashMap<>();
    private static final int READ_MAX = 1024;

    record Stored(int maxRestarts, Set<String> resubmitOn, Set<Integer> resubmitExitCodes, int noProgressAttempts,
                  long noProgressRuntimeSeconds, long backoffInitialSeconds, long backoffMaxSeconds,
                  Long walltimeBudgetSeconds) {
    }

    @Override
    public String convertToDatabaseColumn(RetryPolicy policy) {
        return JSON.writeValueAsString(new Stored(policy.maxRestarts(),
                policy.resubmitOn().stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(policy.resubmitExitCodes()), policy.noProgressAttempts(),
                policy.noProgressRuntime().toSeconds(), policy.backoffInitial().toSeconds(),
                policy.backoffMax().toSeconds(),
                policy.walltimeBudget() == null ? null : policy.walltimeBudget().toSeconds()));
    }

    @Override
    public RetryPolicy convertToEntityAttribute(String column) {
        RetryPolicy known = READ.get(column);
        if (known != null) {
            return known;
        }
        if (READ.size() >= READ_MAX) {
            READ.clear();
        }
        RetryPolicy read = read(column);
        READ.put(column, read);
        return read;
    }

    private static RetryPolicy read(String column) {
        Stored stored = JSON.readValue(column, Stored.class);
        return new RetryPolicy(stored.maxRestarts(),
                stored.resubmitOn().stream().map(SlurmJobState::valueOf).collect(Collectors.toSet()),
                stored.resubmitExitCodes(), stored.noProgressAttempts(),
                Duration.ofSeconds(stored.noProgressRuntimeSeconds()), Duration.ofSeconds(stored.backoffInitialSeconds()),
                Duration.ofSeconds(stored.backoffMaxSeconds()),
                stored.walltimeBudgetSeconds() == null ? null : Duration.ofSeconds(stored.walltimeBudgetSeconds()));
    }
}
