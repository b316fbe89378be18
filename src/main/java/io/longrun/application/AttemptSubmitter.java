package io.longrun.application;

import io.longrun.application.port.out.ChainRepository;
import io.longrun.application.port.out.CommitDurability;
import io.longrun.application.port.out.EngineMetrics;
import io.longrun.application.port.out.SlurmGateway;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainState;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.SubmissionPlanner;
import io.longrun.domain.sbatch.InvalidSbatchOptionException;
import io.longrun.domain.sbatch.ParseContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/** Submits a chain's waiting attempt, once, even when the API and the poller reach for it together. */
@Service
public class AttemptSubmitter {
    private static final Logger log = LoggerFactory.getLogger(AttemptSubmitter.class);

    private final ChainRepository chains;
    private final CommitDurability durability;
    private final SlurmGateway slurm;
    private final SubmissionPlanner planner;
    private final EngineSettings settings;
    private final EngineMetrics metrics;
    private final Clock clock;

    public AttemptSubmitter(ChainRepository chains, CommitDurability durability, SlurmGateway slurm,
                            SubmissionPlanner planner, EngineSettings settings, EngineMetrics metrics, Clock clock) {
        this.chains = chains;
        this.durability = durability;
        this.slurm = slurm;
        this.planner = planner;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Submits the chain's current attempt if one is due; returns the chain as it is afterwards. */
    public Chain submitIfDue(Chain chain) {
        try (ChainLogContext ignored = ChainLogContext.of(chain)) {
            return submitWithContext(chain);
        }
    }

    /**
     * Stores a new chain already claimed by this caller and submits its first attempt. Claiming before the first
     * save keeps the poller from taking the attempt while the API request that created it is still submitting.
     */
    public Chain submitNew(Chain chain) {
        return submitStored(storeClaimed(chain));
    }

    /**
     * Claims the chain's due attempt and stores the claim together with whatever else changed in the chain, in one
     * commit (the poller's ending and its claim on the next attempt; a new chain and its claim).
     */
    public Chain storeClaimed(Chain chain) {
        Instant now = clock.instant();
        chain.claimSubmission(now.plus(settings.submitLease()), now);
        return chains.save(chain);
    }

    /** Submits the attempt that {@link #storeClaimed} claimed. */
    public Chain submitStored(Chain claimed) {
        try (ChainLogContext ignored = ChainLogContext.of(claimed)) {
            return submitClaimed(claimed, false, null);
        }
    }

    private Chain submitWithContext(Chain chain) {
        Instant now = clock.instant();
        if (!chain.isSubmissionDue(now)) {
            return chain;
        }
        boolean mayHaveBeenSubmitted = chain.currentAttempt().mayHaveBeenSubmitted();
        Instant earlierClaim = chain.currentAttempt().claimedAt();
        chain.claimSubmission(now.plus(settings.submitLease()), now);
        try {
            chain = chains.save(chain);
        } catch (OptimisticLockingFailureException someoneElseHasIt) {
            return chains.findById(chain.id()).orElseThrow();
        }
        return submitClaimed(chain, mayHaveBeenSubmitted, earlierClaim);
    }

    private Chain submitClaimed(Chain chain, boolean mayHaveBeenSubmitted, Instant earlierClaim) {
        // The claim (and a new chain with it) is on disk before anything is decided about it: a process killed from
        // here on leaves a claim the next submitter resolves, by the job's comment if Slurm already took the job;
        // never an attempt nobody knows was submitted, nor a chain the API answered for and then forgot.
        durability.awaitDurable();
        JobSubmission submission;
        try {
            submission = planner.plan(chain, new ParseContext(clock, clock.getZone()));
        } catch (InvalidSbatchOptionException | IllegalStateException unplannable) {
            chain.submissionRefused(unplannable.getMessage(), clock.instant());
            return chains.save(chain);
        }

        Duration timeLimit = submission.options().time().filter(limit -> !limit.unlimited())
                .map(limit -> Duration.ofMinutes(limit.minutes())).orElse(null);
        if (mayHaveBeenSubmitted) {
            // An earlier submitter took this attempt and left no job id: it may have died right after Slurm
            // accepted the job. Every job carries its chain and attempt in its comment, so look before submitting.
            Optional<Long> earlier;
            try {
                earlier = slurm.findJobByComment(chain.user(), submission.comment(), earlierClaim.minusSeconds(60));
            } catch (SlurmGatewayException unknown) {
                return recordFailure(chain, unknown.isTransient() ? unknown : new SlurmGatewayException(
                        SlurmGatewayException.Kind.TRANSIENT, unknown.getMessage(), unknown.slurmErrors(), unknown));
            }
            if (earlier.isPresent()) {
                chain.submissionAdopted(earlier.get(), timeLimit, clock.instant());
                ChainLogContext.jobId(earlier.get());
                log.info("Chain {}: adopted job {} of attempt {}, submitted before Longrun could record it", chain.id(),
                        earlier.get(), submission.attempt());
                return chains.save(chain);
            }
        }

        long jobId;
        try {
            jobId = slurm.submit(submission);
        } catch (SlurmGatewayException refused) {
            return recordFailure(chain, refused);
        }
        if (settings.haltAfterSubmit()) {
            // Fault injection for the crash tests: die like a killed process, between Slurm and the database.
            Runtime.getRuntime().halt(137);
        }
        chain.submissionAccepted(jobId, timeLimit, clock.instant());
        ChainLogContext.jobId(jobId);
        try {
            Chain saved = chains.save(chain);
            if (submission.attempt() == 1) {
                log.info("Chain {}: job submitted with ID: {} (user {})", chain.id(), jobId, chain.user());
            } else {
                log.info("Chain {}: resubmitted, attempt {} of at most {}, new job ID: {}", chain.id(),
                        submission.attempt(), chain.maxRestarts() + 1, jobId);
                metrics.resubmissionAccepted(Duration.between(chain.currentAttempt().createdAt(), clock.instant()));
            }
            return saved;
        } catch (OptimisticLockingFailureException changedMeanwhile) {
            // Only a cancel can change a claimed chain: the job Slurm just accepted must not live on.
            Chain current = chains.findById(chain.id()).orElseThrow();
            if (current.state() == ChainState.CANCELLED) {
                log.info("Chain {} was cancelled while job {} was being submitted; cancelling the job",
                        chain.id(), jobId);
                slurm.cancel(jobId, chain.user());
            }
            return current;
        }
    }

    private Chain recordFailure(Chain chain, SlurmGatewayException failure) {
        Instant now = clock.instant();
        if (failure.isTransient()) {
            log.warn("Chain {}: Slurm could not take attempt {} now ({}); trying again in {}", chain.id(),
                    chain.currentAttempt().number(), failure.getMessage(), settings.submitRetryDelay());
            chain.submissionDeferred(failure.getMessage(), now.plus(settings.submitRetryDelay()), now);
        } else {
            log.warn("Chain {}: Slurm refused attempt {}: {}", chain.id(), chain.currentAttempt().number(),
                    failure.getMessage());
            chain.submissionRefused(failure.getMessage(), now);
        }
        return chains.save(chain);
    }
}
