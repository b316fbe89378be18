package io.longrun.adapter.out.persistence;

import io.longrun.application.port.out.ChainEventsStored;
import io.longrun.application.port.out.ChainQuery;
import io.longrun.application.port.out.ChainRepository;
import io.longrun.domain.Attempt;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import io.longrun.domain.ChainState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
class ChainPersistenceAdapter implements ChainRepository {
    private final ChainJpaRepository repository;
    private final ChainEventJpaRepository events;
    private final ApplicationEventPublisher publisher;

    ChainPersistenceAdapter(ChainJpaRepository repository, ChainEventJpaRepository events,
                            ApplicationEventPublisher publisher) {
        this.repository = repository;
        this.events = events;
        this.publisher = publisher;
    }

    /** The chain and its new events in one transaction: an event is stored exactly when its change is. */
    @Override
    @Transactional
    public Chain save(Chain chain) {
        ChainEntity entity = toEntity(chain);
        Chain saved = toDomain(repository.saveAndFlush(entity));
        if (!chain.newEvents().isEmpty()) {
            events.saveAll(chain.newEvents().stream().map(ChainEventEntity::of).toList());
            publisher.publishEvent(new ChainEventsStored(chain.newEvents()));
        }
        return saved;
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
