package io.longrun.adapter.out.persistence;

import io.longrun.application.port.out.ChainEventsStored;
import io.longrun.application.port.out.ChainQuery;
import io.longrun.application.port.out.ChainRepository;
import io.longrun.domain.Attempt;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import io.longrun.domain.ChainState;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.query.MutationQuery;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
class ChainPersistenceAdapter implements ChainRepository {
    private final ChainJpaRepository repository;
    private final ChainEventJpaRepository events;
    private final ApplicationEventPublisher publisher;
    private final EntityManager entities;

    ChainPersistenceAdapter(ChainJpaRepository repository, ChainEventJpaRepository events,
                            ApplicationEventPublisher publisher, EntityManager entities) {
        this.repository = repository;
        this.events = events;
        this.publisher = publisher;
        this.entities = entities;
    }

    /** The chain and its new events in one transaction: an event is stored exactly when its change is. */
    @Override
    @Transactional
    public Chain save(Chain chain) {
        ChainEntity entity = toEntity(chain);
        Chain saved = entity.version == null ? toDomain(repository.saveAndFlush(entity)) : update(chain, entity);
        if (!chain.newEvents().isEmpty()) {
            events.saveAll(chain.newEvents().stream().map(ChainEventEntity::of).toList());
            publisher.publishEvent(new ChainEventsStored(chain.newEvents()));
        }
        return saved;
    }

    /**
     * Stores a chain that was stored before without reading it back first, as a merge would (that read was a tenth of
     * Longrun's CPU while chains were being created): its row under the version check, then the attempt that was
     * current when it was read and the attempts added since; earlier attempts had ended and cannot have changed.
     */
    private Chain update(Chain chain, ChainEntity entity) {
        Session session = entities.unwrap(Session.class);
        int updated = session.createMutationQuery("""
                        update ChainEntity c set c.policy = :policy, c.state = :state, c.stateReason = :stateReason,
                            c.updatedAt = :updatedAt, c.endedAt = :endedAt, c.nextSubmitAt = :nextSubmitAt,
                            c.held = :held, c.expectedEndAt = :expectedEndAt, c.version = c.version + 1
                        where c.id = :id and c.version = :version""")
                .setParameter("policy", entity.policy).setParameter("state", entity.state)
                .setParameter("stateReason", entity.stateReason).setParameter("updatedAt", entity.updatedAt)
                .setParameter("endedAt", entity.endedAt).setParameter("nextSubmitAt", entity.nextSubmitAt)
                .setParameter("held", entity.held).setParameter("expectedEndAt", entity.expectedEndAt)
                .setParameter("id", entity.id).setParameter("version", entity.version)
                .executeUpdate();
        if (updated == 0) {
            throw new ObjectOptimisticLockingFailureException(ChainEntity.class, chain.id());
        }
        for (int index = Math.max(0, chain.storedAttempts() - 1); index < entity.attempts.size(); index++) {
            boolean stored = index < chain.storedAttempts();
            AttemptEmbeddable row = entity.attempts.get(index);
            MutationQuery statement = attemptRow(session, stored ? ATTEMPT_UPDATE : ATTEMPT_INSERT, chain.id(),
                    index + 1, row);
            if (!stored) {
                statement.setParameter("createdAt", row.createdAt, Instant.class);
            }
            int rows = statement.executeUpdate();
            if (rows != 1) {
                throw new IllegalStateException("attempt " + (index + 1) + " of chain " + chain.id() + " was "
                        + (stored ? "not found" : "not added"));
            }
        }
        entity.version = entity.version + 1;
        return toDomain(entity);
    }

    private static final String ATTEMPT_UPDATE = """
            UPDATE attempt SET job_id = :jobId, time_limit_minutes = :timeLimitMinutes, slurm_state = :slurmState,
                exit_code = :exitCode, claimed_at = :claimedAt, submitted_at = :submittedAt, started_at = :startedAt,
                ended_at = :endedAt, finished = :finished, missing_since = :missingSince, nodes = :nodes,
                state_reason = :stateReason
            WHERE chain_id = :chainId AND number = :number""";

    private static final String ATTEMPT_INSERT = """
            INSERT INTO attempt (chain_id, number, created_at, job_id, time_limit_minutes, slurm_state, exit_code,
                claimed_at, submitted_at, started_at, ended_at, finished, missing_since, nodes, state_reason)
            VALUES (:chainId, :number, :createdAt, :jobId, :timeLimitMinutes, :slurmState, :exitCode, :claimedAt,
                :submittedAt, :startedAt, :endedAt, :finished, :missingSince, :nodes, :stateReason)""";

    /** One attempt's columns, typed so that a null binds as its column's type on H2 and PostgreSQL alike. */
    private static MutationQuery attemptRow(Session session, String sql, UUID chainId, int number,
                                            AttemptEmbeddable row) {
        return session.createNativeMutationQuery(sql)
                .setParameter("chainId", chainId, UUID.class).setParameter("number", number, Integer.class)
                .setParameter("jobId", row.jobId, Long.class)
                .setParameter("timeLimitMinutes", row.timeLimitMinutes, Long.class)
                .setParameter("slurmState", row.slurmState, String.class)
                .setParameter("exitCode", row.exitCode, Integer.class)
                .setParameter("claimedAt", row.claimedAt, Instant.class)
                .setParameter("submittedAt", row.submittedAt, Instant.class)
                .setParameter("startedAt", row.startedAt, Instant.class)
                .setParameter("endedAt", row.endedAt, Instant.class)
                .setParameter("finished", row.finished, Boolean.class)
                .setParameter("missingSince", row.missingSince, Instant.class)
                .setParameter("nodes", row.nodes, String.class)
                .setParameter("stateReason", row.stateReason, String.class);
    }

    @Override
    @Transactional(readOnly = true)
    public List<ChainEvent> events(UUID chainId) {
        return events.findByChainIdOrderById(chainId).stream().map(ChainEventEntity::toDomain).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Map<ChainState, Long> countByState() {
        Map<ChainState, Long> counts = new EnumMap<>(ChainState.class);
        for (ChainState state : ChainState.values()) {
            counts.put(state, 0L);
        }
        for (Object[] row : repository.countByState()) {
            counts.put(ChainState.valueOf((String) row[0]), ((Number) row[1]).longValue());
        }
        return counts;
    }

    @Override
    @Transactional(readOnly = true)
    public long countWaitingForRetry(Instant now) {
        return repository.countWaiting(now);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Chain> findById(UUID id) {
        return repository.findById(id).map(ChainPersistenceAdapter::toDomain);
    }

    @Override
    @Transactional(readOnly = true)
    public List<Chain> findDueSubmissions(Instant now, int limit) {
        return repository.findDue(now, PageRequest.of(0, limit)).stream().map(ChainPersistenceAdapter::toDomain)
                .toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Chain> list(String user, ChainState state, int limit) {
        return repository.search(user, state == null ? null : state.name(), PageRequest.of(0, limit)).stream()
                .map(ChainPersistenceAdapter::toDomain).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Chain> search(ChainQuery query) {
        return repository.listing(query).stream().map(ChainPersistenceAdapter::toDomain).toList();
    }

    private static ChainEntity toEntity(Chain chain) {
        ChainEntity entity = new ChainEntity();
        entity.id = chain.id();
        entity.pollShard = PollShards.of(chain.id());
        entity.user = chain.user();
        entity.name = chain.name();
        entity.script = chain.script();
        entity.args = chain.args();
        entity.scriptArguments = chain.scriptArguments();
        entity.workingDirectory = chain.workingDirectory();
        entity.environment = chain.environment();
        entity.policy = chain.policy();
        entity.state = chain.state().name();
        entity.stateReason = chain.stateReason();
        entity.createdAt = chain.createdAt();
        entity.updatedAt = chain.updatedAt();
        entity.endedAt = chain.endedAt();
        entity.nextSubmitAt = chain.nextSubmitAt();
        entity.held = chain.isHeld();
        entity.expectedEndAt = chain.currentAttempt().expectedEnd().orElse(null);
        // A chain that was never stored has version -1: null tells JPA to insert rather than merge.
        entity.version = chain.version() < 0 ? null : chain.version();
        for (Attempt attempt : chain.attempts()) {
            AttemptEmbeddable row = new AttemptEmbeddable();
            row.createdAt = attempt.createdAt();
            row.jobId = attempt.jobId();
            row.timeLimitMinutes = attempt.timeLimit() == null ? null : attempt.timeLimit().toMinutes();
            row.slurmState = attempt.slurmState();
            row.exitCode = attempt.exitCode();
            row.claimedAt = attempt.claimedAt();
            row.submittedAt = attempt.submittedAt();
            row.startedAt = attempt.startedAt();
            row.endedAt = attempt.endedAt();
            row.finished = attempt.isFinished();
            row.missingSince = attempt.missingSince();
            row.nodes = truncate(attempt.nodes(), 4000);
            row.stateReason = truncate(attempt.stateReason(), 256);
            entity.attempts.add(row);
        }
        return entity;
    }

    /** Slurm's own text, cut to its column (a node list of a huge job can be longer). */
    private static String truncate(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }

    static Chain toDomain(ChainEntity entity) {
        List<Attempt> attempts = new ArrayList<>();
        int number = 1;
        for (AttemptEmbeddable row : entity.attempts) {
            Duration timeLimit = row.timeLimitMinutes == null ? null : Duration.ofMinutes(row.timeLimitMinutes);
            attempts.add(Attempt.restore(number++, row.createdAt, row.jobId, timeLimit, row.slurmState, row.exitCode,
                    row.claimedAt, row.submittedAt, row.startedAt, row.endedAt, row.finished, row.missingSince,
                    row.nodes, row.stateReason));
        }
        return Chain.restore(entity.id, entity.user, entity.name, entity.script, entity.args,
                entity.scriptArguments == null ? List.of() : entity.scriptArguments, entity.workingDirectory, entity.environment, entity.policy, ChainState.valueOf(entity.state),
                entity.stateReason, entity.createdAt, entity.updatedAt, entity.endedAt, entity.nextSubmitAt, entity.held,
                entity.version, attempts);
    }
}
