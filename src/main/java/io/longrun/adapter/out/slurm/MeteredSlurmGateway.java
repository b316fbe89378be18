package io.longrun.adapter.out.slurm;

import io.longrun.application.port.out.SlurmGateway;
import io.longrun.application.port.out.SlurmGatewayException;
import io.longrun.domain.JobStatus;
import io.longrun.domain.JobSubmission;
import io.longrun.domain.sbatch.SbatchOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Times every call to Slurm as {@code longrun.slurm.calls} with bounded tags only: {@code adapter} (rest, cli),
 * {@code operation} (submit, states, job, cancel, ping) and {@code outcome} (success, transient, quota, permanent).
 */
public class MeteredSlurmGateway implements SlurmGateway {
    public static final String CALLS = "longrun.slurm.calls";

    private final SlurmGateway delegate;
    private final String adapter;
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public MeteredSlurmGateway(SlurmGateway delegate, String adapter, MeterRegistry registry) {
        this.delegate = delegate;
        this.adapter = adapter;
        this.registry = registry;
    }

    @Override
    public void checkSupported(SbatchOptions options) {
        delegate.checkSupported(options); // no call to Slurm
    }

    @Override
    public long submit(JobSubmission submission) {
        return timed("submit", () -> delegate.submit(submission));
    }

    @Override
    public Map<Long, JobStatus> states(Collection<Long> jobIds) {
        return timed("states", () -> delegate.states(jobIds));
    }

    @Override
    public Optional<JobStatus> job(long jobId, String user) {
        return timed("job", () -> delegate.job(jobId, user));
    }

    @Override
    public void cancel(long jobId, String user) {
        timed("cancel", () -> {
            delegate.cancel(jobId, user);
            return null;
        });
    }

    @Override
    public Optional<Long> findJobByComment(String user, String comment, java.time.Instant submittedSince) {
        return timed("find", () -> delegate.findJobByComment(user, comment, submittedSince));
    }

    @Override
    public void ping() {
        timed("ping", () -> {
            delegate.ping();
            return null;
        });
    }

    /** The adapter this gateway measures: {@code rest} or {@code cli}. */
    public String adapter() {
        return adapter;
    }

    SlurmGateway delegate() {
        return delegate;
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long started = System.nanoTime();
        String outcome = "success";
        try {
            return call.get();
        } catch (SlurmGatewayException failure) {
            outcome = failure.kind().name().toLowerCase(Locale.ROOT);
            throw failure;
        } catch (RuntimeException unexpected) {
            outcome = "permanent";
            throw unexpected;
        } finally {
            timer(operation, outcome).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String operation, String outcome) {
        return timers.computeIfAbsent(operation + "/" + outcome, key -> Timer.builder(CALLS)
                .description("Calls to Slurm, by adapter, operation and outcome")
                .tag("adapter", adapter)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry));
    }
}
