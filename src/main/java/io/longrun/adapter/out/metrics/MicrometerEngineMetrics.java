package io.longrun.adapter.out.metrics;

import io.longrun.application.port.out.ChainEventsStored;
import io.longrun.application.port.out.EngineMetrics;
import io.longrun.domain.ChainEvent;
import io.longrun.domain.ChainState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The engine's meters. Tags are bounded: chain states, Slurm endings and reasons are small fixed sets;
 * chain ids, job ids and user names never become tags.
 */
@Component
class MicrometerEngineMetrics implements EngineMetrics {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<ChainState, AtomicLong> chainsByState = new EnumMap<>(ChainState.class);
    private final AtomicLong waitingForRetry = new AtomicLong();
    private final AtomicLong lastSuccessfulPoll = new AtomicLong();
    private final AtomicLong watchedJobs = new AtomicLong();
    private final Timer pollCycle;
    private final Timer resubmissionLatency;

    MicrometerEngineMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        for (ChainState state : ChainState.values()) {
            AtomicLong count = new AtomicLong();
            chainsByState.put(state, count);
            Gauge.builder("longrun.chains", count, AtomicLong::get).tag("state", state.name())
                    .description("Chains in each state").register(registry);
        }
        Gauge.builder("longrun.submissions.backoff", waitingForRetry, AtomicLong::get)
                .description("Submissions waiting for their next try after Slurm could not take them")
                .register(registry);
        Gauge.builder("longrun.poll.last.success", lastSuccessfulPoll, AtomicLong::get).baseUnit("seconds")
                .description("Epoch seconds of the last poll cycle that reached Slurm").register(registry);
        Gauge.builder("longrun.poll.watched", watchedJobs, AtomicLong::get).baseUnit("jobs")
                .description("Jobs this replica polls (its share of the watched chains)").register(registry);
        // Buckets up to 10 minutes: the default top bucket (30 s) would hide how slow a slow cycle is.
        pollCycle = Timer.builder("longrun.poll.cycle").description("Duration of one poll cycle")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
        resubmissionLatency = Timer.builder("longrun.resubmission.latency")
                .description("From seeing an attempt's retryable ending to Slurm accepting the next attempt")
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
    }

    /** Counts events once their transaction committed, so each is counted exactly when it is stored. */
    @TransactionalEventListener(fallbackExecution = true)
    void stored(ChainEventsStored stored) {
        for (ChainEvent event : stored.events()) {
            switch (event.type()) {
                case ATTEMPT_ENDED -> counter("longrun.attempts.finished", "ending", event.state(),
                        "Attempts that ended, by Slurm ending").increment();
                case RESUBMITTING -> counter("longrun.resubmissions", "reason", event.state(),
                        "Resubmissions, by the ending that caused them").increment();
                case CHAIN_ENDED -> counter("longrun.chains.ended", "state", event.state(),
                        "Chains that reached a terminal state").increment();
                default -> {
                }
            }
        }
    }

    @Override
    public void resubmissionAccepted(Duration sinceEndingSeen) {
        resubmissionLatency.record(sinceEndingSeen);
    }

    @Override
    public void pollCycle(Duration duration, boolean completed) {
        pollCycle.record(duration);
        if (completed) {
            lastSuccessfulPoll.set(clock.instant().getEpochSecond());
        }
    }

    @Override
    public void watchedJobs(int jobs) {
        watchedJobs.set(jobs);
    }

    @Override
    public void chainCounts(Map<ChainState, Long> byState, long waiting) {
        byState.forEach((state, count) -> chainsByState.get(state).set(count));
        waitingForRetry.set(waiting);
    }

    private Counter counter(String name, String tag, String value, String description) {
        return Counter.builder(name).tag(tag, value == null ? "UNKNOWN" : value).description(description)
                .register(registry);
    }
}
