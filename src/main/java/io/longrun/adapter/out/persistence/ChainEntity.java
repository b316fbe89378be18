package io.longrun.adapter.out.persistence;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.longrun.domain.RetryPolicy;
import org.hibernate.annotations.ListIndexBase;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.descriptor.java.Immutability;

@Entity
@Table(name = "chain")
class ChainEntity {
    @Id
    UUID id;
    @Column(name = "slurm_user")
    String user;
    String name;
    String script;
    // The JSON columns' values are replaced, never changed in place (the domain's are immutable): without saying so,
    // Hibernate copies each through JSON at every load and compares it so at every flush (5 % of a POST's CPU).
    @Convert(converter = JsonColumns.StringList.class)
    @Mutability(Immutability.class)
    List<String> args;
    /** NULL in rows stored before script arguments existed: none. */
    @Convert(converter = JsonColumns.StringList.class)
    @Mutability(Immutability.class)
    List<String> scriptArguments;
    String workingDirectory;
    @Convert(converter = JsonColumns.StringMap.class)
    @Mutability(Immutability.class)
    Map<String, String> environment;
    @Convert(converter = PolicyColumn.class)
    @Mutability(Immutability.class)
    RetryPolicy policy;
    String state;
    String stateReason;
    Instant createdAt;
    Instant updatedAt;
    Instant endedAt;
    Instant nextSubmitAt;
    /** Derived from the current attempt, stored for the poller's near-time-limit query. */
    Instant expectedEndAt;
    boolean held;
    /** Which replica polls the chain's job is claimed by shard (see V8__poll_shards.sql); fixed by the chain's id. */
    @Column(updatable = false)
    int pollShard;
    @Version
    Long version;

    // Attempts are part of the chain: saved with it, under its version.
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "attempt", joinColumns = @JoinColumn(name = "chain_id"))
    @OrderColumn(name = "number")
    @ListIndexBase(1)
    List<AttemptEmbeddable> attempts = new ArrayList<>();
}
