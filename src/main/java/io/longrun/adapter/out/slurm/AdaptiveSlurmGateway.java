package io.longrun.adapter.out.slurm;

import io.longrun.adapter.out.slurm.SlurmProperties.Adapter;
import io.longrun.application.port.out.SlurmAdapterSwitched;
import io.longrun.application.port.out.SlurmGateway;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.domain.JobStatus;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.sbatch.SbatchOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The one {@link SlurmGateway} the engine sees, for each {@code longrun.slurm.adapter}: {@code rest} and {@code cli}
 * use that adapter only; {@code auto} uses slurmrestd and, when slurmrestd cannot be reached (not when Slurm answers
 * with an error), the command line for that call and the following ones, while a background probe pings
 * slurmrestd every {@code probeInterval} and switches back when it answers. Each switch is logged, counted
 * ({@code longrun.slurm.fallback} for switches to the CLI) and published as a {@link SlurmAdapterSwitched} event.
 */
public class AdaptiveSlurmGateway implements SlurmGateway, AutoCloseable {
    public static final String FALLBACKS = "longrun.slurm.fallback";
    public static final String ACTIVE = "longrun.slurm.adapter";
    private static final Logger log = LoggerFactory.getLogger(AdaptiveSlurmGateway.class);

    private final Adapter mode;
    private final SlurmGateway rest;
    private final SlurmGateway cli;
    private final Duration probeInterval;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Counter fallbacks;
    private final Object switching = new Object();
    private volatile boolean onCli;
    private ScheduledExecutorService prober;

    private AdaptiveSlurmGateway(Adapter mode, SlurmGateway rest, SlurmGateway cli, Duration probeInterval, Clock clock,
                                 ApplicationEventPublisher events, MeterRegistry registry) {
        this.mode = mode;
        this.rest = rest;
        this.cli = cli;
        this.probeInterval = probeInterval;
        this.clock = clock;
        this.events = events;
        this.onCli = mode == Adapter.CLI;
        // Registered in every mode, so dashboards and alerts find the series (at 0) wherever Longrun runs.
        this.fallbacks = Counter.builder(FALLBACKS).description("Switches from slurmrestd to the Slurm command line")
                .register(registry);
        for (String adapter : new String[]{"rest", "cli"}) {
            Gauge.builder(ACTIVE, this, gateway -> gateway.active().equals(adapter) ? 1 : 0)
                    .description("The adapter Slurm calls go through now (1)").tag("adapter", adapter)
                    .register(registry);
        }
    }

    /** slurmrestd only ({@code rest}). */
    public static AdaptiveSlurmGateway rest(SlurmGateway rest, MeterRegistry registry) {
        return new AdaptiveSlurmGateway(Adapter.REST, Objects.requireNonNull(rest), null, null, null, null, registry);
    }

    /** The command line only ({@code cli}). */
    public static AdaptiveSlurmGateway cli(SlurmGateway cli, MeterRegistry registry) {
        return new AdaptiveSlurmGateway(Adapter.CLI, null, Objects.requireNonNull(cli), null, null, null, registry);
    }

    /** slurmrestd, and the command line while slurmrestd is unreachable ({@code auto}); call {@link #start()}. */
    public static AdaptiveSlurmGateway auto(SlurmGateway rest, SlurmGateway cli, Duration probeInterval, Clock clock,
                                            ApplicationEventPublisher events, MeterRegistry registry) {
        return new AdaptiveSlurmGateway(Adapter.AUTO, Objects.requireNonNull(rest), Objects.requireNonNull(cli),
                probeInterval, clock, events, registry);
    }

    /** Starts probing slurmrestd in the background ({@code auto} only; the probe does nothing while on REST). */
    public synchronized AdaptiveSlurmGateway start() {
        if (mode == Adapter.AUTO && prober == null) {
            prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "slurmrestd-probe");
                thread.setDaemon(true);
                return thread;
            });
            long millis = probeInterval.toMillis();
            prober.scheduleWithFixedDelay(this::probe, millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (prober != null) {
            prober.shutdownNow();
            prober = null;
        }
    }

    /** {@code rest}, {@code cli} or {@code auto}, as configured. */
    public Adapter mode() {
        return mode;
    }

    /** The adapter calls go through now: {@code rest} or {@code cli}. */
    public String active() {
        return onCli ? "cli" : "rest";
    }

    @Override
    public void checkSupported(SbatchOptions options) {
        // In auto mode a chain may be submitted either way: it must suit both.
        if (rest != null) {
            rest.checkSupported(options);
        }
        if (cli != null) {
            cli.checkSupported(options);
        }
    }

    @Override
    public long submit(JobSubmission submission) {
        return call(gateway -> gateway.submit(submission), false);
    }

    @Override
    public Map<Long, JobStatus> states(Collection<Long> jobIds) {
        return call(gateway -> gateway.states(jobIds), true);
    }

    @Override
    public Optional<JobStatus> job(long jobId, String user) {
        return call(gateway -> gateway.job(jobId, user), true);
    }

    @Override
    public void cancel(long jobId, String user) {
        call(gateway -> {
            gateway.cancel(jobId, user);
            return null;
        }, true);
    }

    @Override
    public Optional<Long> findJobByComment(String user, String comment, Instant submittedSince) {
        return call(gateway -> gateway.findJobByComment(user, comment, submittedSince), true);
    }

    @Override
    public void ping() {
        call(gateway -> {
            gateway.ping();
            return null;
        }, true);
    }

    /**
     * @param repeatable the call may be made again another way even if slurmrestd received it (all but submit: a
     *                   submit that may have reached slurmctld is not repeated, or the job could exist twice)
     */
    private <T> T call(Function<SlurmGateway, T> operation, boolean repeatable) {
        if (mode != Adapter.AUTO) {
            return operation.apply(mode == Adapter.REST ? rest : cli);
        }
        if (onCli) {
            return operation.apply(cli);
        }
        try {
            return operation.apply(rest);
        } catch (SlurmUnreachableException unreachable) {
            fallBack(unreachable);
            if (!repeatable && unreachable.mayHaveArrived()) {
                throw unreachable;
            }
            return operation.apply(cli);
        }
    }

    private void fallBack(SlurmUnreachableException unreachable) {
        synchronized (switching) {
            if (onCli) {
                return;
            }
            onCli = true;
        }
        log.warn("slurmrestd unreachable, falling back to the Slurm CLI ({}); asking slurmrestd again every {}",
                unreachable.getMessage(), probeInterval);
        fallbacks.increment();
        events.publishEvent(new SlurmAdapterSwitched("rest", "cli", unreachable.getMessage(), clock.instant()));
    }

    /** While on the command line: switches back to slurmrestd as soon as it answers a ping. */
    void probe() {
        if (!onCli || mode != Adapter.AUTO) {
            return;
        }
        try {
            rest.ping();
        } catch (SlurmGatewayException stillAway) {
            log.debug("slurmrestd still unusable: {}", stillAway.getMessage());
            return;
        } catch (RuntimeException unexpected) {
            log.warn("Probing slurmrestd failed unexpectedly", unexpected);
            return;
        }
        synchronized (switching) {
            if (!onCli) {
                return;
            }
            onCli = false;
        }
        log.info("slurmrestd is back, using REST again");
        events.publishEvent(new SlurmAdapterSwitched("cli", "rest", "slurmrestd answers again", clock.instant()));
    }
}
