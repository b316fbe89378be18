package io.longrun.application;

import io.longrun.application.port.in.ChainConflictException;
import io.longrun.application.port.in.ChainUseCases;
import io.longrun.application.port.in.NewChain;
import io.longrun.application.port.in.PolicyRequest;
import io.longrun.application.port.out.ChainQuery;
import io.longrun.application.port.out.ChainRepository;
import io.longrun.application.port.out.CommitDurability;
import io.longrun.application.port.out.SlurmGateway;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import io.longrun.domain.ChainState;
import io.longrun.domain.SubmissionPlanner;
import io.longrun.domain.sbatch.ParseContext;
import io.longrun.domain.sbatch.SbatchOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

@Service
public class ChainService implements ChainUseCases {
    private static final Logger log = LoggerFactory.getLogger(ChainService.class);

    private final ChainRepository chains;
    private final CommitDurability durability;
    private final AttemptSubmitter submitter;
    private final SlurmGateway slurm;
    private final EngineSettings settings;
    private final Clock clock;

    public ChainService(ChainRepository chains, CommitDurability durability, AttemptSubmitter submitter,
                        SlurmGateway slurm, EngineSettings settings, Clock clock) {
        this.chains = chains;
        this.durability = durability;
        this.submitter = submitter;
        this.slurm = slurm;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Chain create(UUID id, NewChain request) {
        List<String> args = request.args() == null ? List.of() : request.args();
        // Read the options now: a bad one is the caller's error and nothing is stored for it.
        SbatchOptions options = SubmissionPlanner.readOptions(request.script(), args,
                new ParseContext(clock, clock.getZone()));
        OptionValueRules.check(options);
        slurm.checkSupported(options);
        Instant now = clock.instant();
        Chain chain = Chain.create(id, request.user(), options.jobName().orElse(null),
                request.script(), args, request.scriptArguments() == null ? List.of() : request.scriptArguments(),
                request.workingDirectory(), request.environment() == null ? Map.of() : request.environment(),
                (request.policy() == null ? PolicyRequest.NONE : request.policy()).over(settings.defaultPolicy()), now);
        // Durable before the submission was decided (AttemptSubmitter); what follows it (the job id, a refusal) the
        // next submitter finds again after a kill: by the job's comment, by planning again.
        return submitter.submitNew(chain);
    }

    /** What the API answers with is on disk when it answers. */
    private <T> T durable(T answer) {
        durability.awaitDurable();
        return answer;
    }

    @Override
    public Optional<Chain> find(UUID id) {
        return chains.findById(id);
    }

    @Override
    public Optional<List<ChainEvent>> events(UUID id) {
        return chains.findById(id).map(chain -> chains.events(id));
    }

    @Override
    public List<Chain> list(String user, ChainState state, int limit) {
        return chains.list(user, state, limit);
    }

    @Override
    public List<Chain> search(ChainQuery query) {
        return chains.search(query);
    }

    @Override
    public Optional<Chain> cancel(UUID id, String by) {
        return changeLiveChain(id, chain -> chain.cancel(by, clock.instant())).map(changed -> {
            // Stored for good before the job is cancelled: a kill in between must not read as the job's own ending.
            durability.awaitDurable();
            try (ChainLogContext ignored = ChainLogContext.of(changed.chain())) {
                changed.jobToCancel().ifPresent(jobId -> cancelJob(jobId, changed.chain().user()));
                log.info("Chain {} cancelled by {}", id, by);
            }
            return changed.chain();
        });
    }

    @Override
    public Optional<Chain> changePolicy(UUID id, PolicyRequest change, String by) {
        return changeLiveChain(id, chain -> {
            chain.changePolicy(change.over(chain.policy()), by, clock.instant());
            return Optional.empty();
        }).map(Changed::chain).map(this::durable);
    }

    @Override
    public Optional<Chain> hold(UUID id, String by) {
        return changeLiveChain(id, chain -> {
            chain.hold(by, clock.instant());
            return Optional.empty();
        }).map(Changed::chain).map(this::durable);
    }

    @Override
    public Optional<Chain> resume(UUID id, String by) {
        return changeLiveChain(id, chain -> {
            chain.resume(by, clock.instant());
            return Optional.empty();
        }).map(Changed::chain).map(submitter::submitIfDue).map(this::durable);
    }

    /**
     * Applies a change to a chain that has not ended and stores it; when another writer (the poller, another
     * replica) stored the chain first, reloads it and applies the change to what is there now.
     *
     * @param change changes the chain and returns a job to cancel, if any
     */
    private Optional<Changed> changeLiveChain(UUID id, Function<Chain, Optional<Long>> change) {
        for (int tries = 0; tries < 5; tries++) {
            Optional<Chain> found = chains.findById(id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Chain chain = found.get();
            if (chain.state().isTerminal()) {
                throw new ChainConflictException("chain " + id + " has already ended: " + chain.state());
            }
            Optional<Long> jobToCancel = change.apply(chain);
            try {
                return Optional.of(new Changed(chains.save(chain), jobToCancel));
            } catch (OptimisticLockingFailureException changedMeanwhile) {
                // Reload and try again.
            }
        }
        throw new ChainConflictException("chain " + id + " keeps changing; try again");
    }

    private record Changed(Chain chain, Optional<Long> jobToCancel) {
    }

    private void cancelJob(long jobId, String user) {
        try {
            slurm.cancel(jobId, user);
        } catch (SlurmGatewayException failed) {
            log.warn("Could not cancel job {}: {}", jobId, failed.getMessage());
        }
    }
}
