package io.longrun.application;

import io.longrun.application.port.out.ChainRepository;
import io.longrun.application.port.out.EngineMetrics;
import io.longrun.application.port.out.SlurmAdapterSwitched;
import io.longrun.domain.ChainState;
import io.longrun.application.port.out.SlurmGateway;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.application.port.out.WatchedChainClaims;
import io.longrun.domain.Chain;
import io.longrun.domain.JobStatus;
import io.longrun.domain.RecordedJob;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * One cycle of the engine: submit what is due, ask Slurm about every watched job in batched requests,
 * and act on what changed.
 */
@Service
public class ChainPoller {
    private static final Logger log = LoggerFactory.getLogger(ChainPoller.class);
    private static final int DUE_SUBMISSIONS_PER_CYCLE = 200;

    private final ChainRepository chains;
    private final WatchedChainClaims claims;
    private final SlurmGateway slurm;
    private final AttemptSubmitter submitter;
    private final EngineSettings settings;
    private final EngineMetrics metrics;
    private final Clock clock;
    private final ExecutorService handlers;
    private Instant lastFullCycle;
    private boolean stopped;
    /** Adapter switches not yet written into the live chains' histories (the next cycle does it). */
    private final Queue<SlurmAdapterSwitched> switches = new ConcurrentLinkedQueue<>();

    public ChainPoller(ChainRepository chains, WatchedChainClaims claims, SlurmGateway slurm,
                       AttemptSubmitter submitter, EngineSettings settings, EngineMetrics metrics, Clock clock) {
        this.chains = chains;
        this.claims = claims;
        this.slurm = slurm;
        this.submitter = submitter;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(settings.pollHandlerThreads(), work -> {
            Thread thread = new Thread(work, "poll-handler-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * What the scheduler calls at every tick: a full cycle once per poll interval, and in between a short one
     * for the jobs near (or just past) their time limit only, so a TIMEOUT is acted on within a tick or two
     * without asking Slurm about every job every few seconds.
     */
    public synchronized boolean pollDue() {
        if (stopped) {
            return false;
        }
        recordAdapterSwitches();
        Instant now = clock.instant();
        // The full cycle starts at the last tick before it is due, not at the first one after: every job is asked
        // about at least once per interval (up to a tick more often), not up to a tick less often.
        if (lastFullCycle == null
                || !now.plus(settings.pollTick()).isBefore(lastFullCycle.plus(settings.pollInterval()))) {
            return pollOnce();
        }
        submitDue();
        List<RecordedJob> nearEnd = claims.heldEndingBetween(settings.replicaId(), now, now.minus(EngineSettings.OVERDUE),
                now.plus(settings.nearEndWindow()));
        return nearEnd.isEmpty() || askAbout(nearEnd);
    }

    /**
     * One full cycle over the watched chains this replica holds or can claim, one batch at a time; returns
     * whether Slurm answered every status request.
     */
    public synchronized boolean pollOnce() {
        if (stopped) {
            return false;
        }
        recordAdapterSwitches();
        lastFullCycle = clock.instant();
        long started = System.nanoTime();
        boolean completed = false;
        try {
            submitDue();
            Instant now = clock.instant();
            List<RecordedJob> held = claims.claimWatched(settings.replicaId(), now,
                    now.plus(settings.pollClaimLease()));
            metrics.watchedJobs(held.size());
            completed = askAbout(held);
            return completed;
        } finally {
            metrics.pollCycle(Duration.ofNanos(System.nanoTime() - started), completed);
            metrics.chainCounts(chains.countByState(), chains.countWaitingForRetry(clock.instant()));
        }
    }

    /**
     * Published by the gateway in the middle of a Slurm call, possibly while a chain is being handled: only
     * queued here, and written into every live chain's history at the start of the next cycle.
     */
    @EventListener
    public void on(SlurmAdapterSwitched switched) {
        switches.add(switched);
    }

    private void recordAdapterSwitches() {
        for (SlurmAdapterSwitched switched = switches.poll(); switched != null; switched = switches.poll()) {
            List<Chain> live = new ArrayList<>(chains.list(null, ChainState.ACTIVE, Integer.MAX_VALUE));
            live.addAll(chains.list(null, ChainState.SUBMITTING, Integer.MAX_VALUE));
            for (Chain chain : live) {
                chain.slurmAdapterSwitched(switched.from(), switched.to(), switched.reason(), switched.at());
                try {
                    chains.save(chain);
                } catch (OptimisticLockingFailureException changedMeanwhile) {
                    log.debug("Chain {} changed while recording an adapter switch", chain.id());
                }
            }
        }
    }

    private void submitDue() {
        for (Chain due : chains.findDueSubmissions(clock.instant(), DUE_SUBMISSIONS_PER_CYCLE)) {
            submitter.submitIfDue(due);
        }
    }

    /**
     * Asks Slurm about the jobs in batches, acting on each batch's news before the next; false if Slurm did not answer.
     */
    private boolean askAbout(List<RecordedJob> jobs) {
        for (int from = 0; from < jobs.size(); from += settings.statusBatchSize()) {
            if (!askAboutBatch(jobs.subList(from, Math.min(jobs.size(), from + settings.statusBatchSize())))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Asks Slurm about one batch of recorded jobs and acts on what changed. Only the chains with news are loaded,
     * and only while this replica still holds them: a cycle longer than the claim does not act on what another
     * replica has taken over meanwhile.
     */
    private boolean askAboutBatch(List<RecordedJob> batch) {
        Map<Long, RecordedJob> byJob = new LinkedHashMap<>();
        batch.forEach(job -> byJob.put(job.jobId(), job));
        Map<Long, JobStatus> states;
        try {
            states = slurm.states(byJob.keySet());
        } catch (SlurmGatewayException unavailable) {
            log.warn("Could not read job states from Slurm: {}", unavailable.getMessage());
            return false;
        }
        Map<UUID, Long> news = new LinkedHashMap<>();
        byJob.forEach((jobId, job) -> {
            if (job.isNews(Optional.ofNullable(states.get(jobId)))) {
                news.put(job.chainId(), jobId);
            }
        });
        List<Chain> loaded = news.isEmpty() ? List.of()
                : claims.heldWatched(settings.replicaId(), clock.instant(), news.keySet());
        List<Future<?>> handled = new ArrayList<>(loaded.size());
        for (Chain chain : loaded) {
            long jobId = news.get(chain.id());
            if (chain.currentAttempt().isInSlurm() && chain.currentAttempt().jobId() == jobId) {
                Optional<JobStatus> listed = Optional.ofNullable(states.get(jobId));
                handled.add(handlers.submit(() -> handleSafely(chain, jobId, listed)));
            }
        }
        for (Future<?> each : handled) {
            awaitQuietly(each);
        }
        return true;
    }

    private void handleSafely(Chain chain, long jobId, Optional<JobStatus> listed) {
        try {
            handle(chain, jobId, listed);
        } catch (RuntimeException unexpected) {
            log.error("Chain {}: acting on job {} failed; the next cycle tries again", chain.id(), jobId, unexpected);
        }
    }

    private static void awaitQuietly(Future<?> handling) {
        try {
            handling.get();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible.getCause());
        } catch (InterruptedException shuttingDown) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while acting on a poll's answers", shuttingDown);
        }
    }

    /**
     * On a clean stop (a rolling upgrade, Ctrl-C): after the cycle under way, no more cycles, and this replica's
     * shards are given back, so the other replicas take its jobs over at their next cycle instead of when its claims
     * run out.
     */
    @PreDestroy
    synchronized void stop() {
        stopped = true;
        handlers.shutdown();
        try {
            claims.release(settings.replicaId());
        } catch (RuntimeException notReleased) {
            log.warn("Could not give back this replica's poll shards; others take them when its claims run out: {}",
                    notReleased.getMessage());
        }
    }

    private void handle(Chain chain, long jobId, Optional<JobStatus> listed) {
        try (ChainLogContext ignored = ChainLogContext.of(chain)) {
            Optional<JobStatus> status = listed.isEmpty() || needsDetails(chain, listed.get())
                    ? slurm.job(jobId, chain.user()).or(() -> listed)
                    : listed;
            if (status.isEmpty()) {
                Chain.Transition transition = chain.observeMissing(jobId, settings.missingJobTimeout(), clock.instant());
                if (transition != Chain.Transition.NONE) {
                    chains.save(chain);
                    log.warn("Chain {}: job {} is unknown to slurmctld and accounting{}", chain.id(), jobId,
                            transition == Chain.Transition.ENDED ? "; chain FAILED (" + chain.stateReason() + ")" : "");
                }
                return;
            }
            act(chain, status.get());
        } catch (SlurmGatewayException unavailable) {
            log.warn("Chain {}: could not read job {}: {}", chain.id(), jobId, unavailable.getMessage());
        } catch (OptimisticLockingFailureException changedMeanwhile) {
            log.debug("Chain {} changed while being polled; next cycle sees it again", chain.id());
        }
    }

    /**
     * The batched answer has states only: fetch exit code and times for an ending. A start is not worth a
     * request per job: the poller notes when it first saw the job running.
     */
    private static boolean needsDetails(Chain chain, JobStatus status) {
        return status.isFinal();
    }

    private void act(Chain chain, JobStatus status) {
        Chain.Transition transition = chain.observe(status, clock.instant());
        if (transition == Chain.Transition.NONE) {
            return;
        }
        boolean submitNow = transition == Chain.Transition.RESUBMIT && chain.isSubmissionDue(clock.instant());
        String backoff = submitNow ? "" : " after backoff until " + chain.nextSubmitAt();
        // Saved first: another replica may have acted on the same news, and then only its decision counts. A
        // resubmission that is due is claimed in the same commit (commits are what an embedded database is slow at).
        Chain saved = submitNow ? submitter.storeClaimed(chain) : chains.save(chain);
        switch (transition) {
            case ENDED -> log.info("Chain {}: job {} reached final state: {}; chain {} ({})", chain.id(),
                    status.jobId(), status.describe(), chain.state(), chain.stateReason());
            case RESUBMIT -> {
                log.info("Chain {}: job {} reached final state: {}; resubmitting (restart {} of {}){}", chain.id(),
                        status.jobId(), status.describe(), chain.restartsUsed(), chain.maxRestarts(), backoff);
                if (submitNow) {
                    submitter.submitStored(saved);
                }
            }
            default -> {
            }
        }
    }
}
