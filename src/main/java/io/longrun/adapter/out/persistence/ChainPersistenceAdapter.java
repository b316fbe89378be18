package io.longrun.adapter.out.persistence;

import io.longrun.application.port.out.ChainRepository;
import io.longrun.domain.Attempt;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
class ChainPersistenceAdapter implements ChainRepository {
    private final ChainJpaRepository repository;

    ChainPersistenceAdapter(ChainJpaRepository repository) {
        this.repository = repository;
    }

    @Override
    @Transactional
    public Chain save(Chain chain) {
        ChainEntity entity = toEntity(chain);
        return toDomain(repository.saveAndFlush(entity));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Chain> findById(UUID id) {
        return repository.findById(id).map(ChainPersistenceAdapter::toDomain);
    }

    @Override
    @Transactional(readOnly = true)
    public List<Chain> findWatched() {
        return repository.findActive().stream()
                .map(ChainPersistenceAdapter::toDomain)
                .filter(chain -> chain.currentAttempt().isInSlurm())
                .toList();
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

    private static ChainEntity toEntity(Chain chain) {
        ChainEntity entity = new ChainEntity();
        entity.id = chain.id();
        entity.user = chain.user();
        entity.name = chain.name();
        entity.script = chain.script();
        entity.args = chain.args();
        entity.workingDirectory = chain.workingDirectory();
        entity.environment = chain.environment();
        entity.maxRestarts = chain.maxRestarts();
        entity.state = chain.state().name();
        entity.stateReason = chain.stateReason();
        entity.createdAt = chain.createdAt();
        entity.updatedAt = chain.updatedAt();
        entity.endedAt = chain.endedAt();
        entity.nextSubmitAt = chain.nextSubmitAt();
        // A chain that was never stored has version -1: null tells JPA to insert rather than merge.
        entity.version = chain.version() < 0 ? null : chain.version();
        for (Attempt attempt : chain.attempts()) {
            AttemptEmbeddable row = new AttemptEmbeddable();
            row.jobId = attempt.jobId();
            row.slurmState = attempt.slurmState();
            row.exitCode = attempt.exitCode();
            row.submittedAt = attempt.submittedAt();
            row.startedAt = attempt.startedAt();
            row.endedAt = attempt.endedAt();
            row.finished = attempt.isFinished();
            entity.attempts.add(row);
        }
        return entity;
    }

    private static Chain toDomain(ChainEntity entity) {
        List<Attempt> attempts = new ArrayList<>();
        int number = 1;
        for (AttemptEmbeddable row : entity.attempts) {
            attempts.add(Attempt.restore(number++, row.jobId, row.slurmState, row.exitCode, row.submittedAt,
                    row.startedAt, row.endedAt, row.finished));
        }
        return Chain.restore(entity.id, entity.user, entity.name, entity.script, entity.args,
                entity.workingDirectory, entity.environment, entity.maxRestarts, ChainState.valueOf(entity.state),
                entity.stateReason, entity.createdAt, entity.updatedAt, entity.endedAt, entity.nextSubmitAt,
                entity.version, attempts);
    }
}
