package io.longrun.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Every {@code longrun.*} setting; the README's configuration reference lists them all. */
@Validated
@ConfigurationProperties("longrun")
public record LongrunProperties(@Valid @NotNull @DefaultValue Chain chain,
                                @Valid @NotNull @DefaultValue Poll poll,
                                @Valid @NotNull @DefaultValue Submit submit,
                                @Valid @NotNull @DefaultValue Job job,
                                @Valid @NotNull @DefaultValue FaultInjection faultInjection) {

    /**
     * For the crash tests only.
     *
     * @param haltAfterSubmit the process halts (like {@code kill -9}) right after Slurm accepted a job, before
     *                        Longrun stored its id
     */
    public record FaultInjection(@DefaultValue("false") boolean haltAfterSubmit) {
    }

    /**
     * The retry policy of a chain whose request does not set it.
     *
     * @param defaultMaxRestarts resubmissions a chain may use
     * @param resubmitOn         the Slurm endings that resubmit
     * @param resubmitExitCode   the exit code with which a job asks for another attempt
     * @param noProgressAttempts stop after this many attempts in a row that ended within {@code noProgressRuntime}
     * @param noProgressRuntime  an attempt shorter than this made no progress
     * @param backoffInitial     wait after the first attempt without progress (doubling, with jitter)
     * @param backoffMax         the longest such wait
     */
    public record Chain(@Min(0) @DefaultValue("10") int defaultMaxRestarts,
                        @DefaultValue({"TIMEOUT", "PREEMPTED", "NODE_FAIL", "DEADLINE", "BOOT_FAIL"})
                        List<String> resubmitOn,
                        @DefaultValue("99") int resubmitExitCode,
                        @Min(0) @DefaultValue("3") int noProgressAttempts,
                        @NotNull @DefaultValue("60s") Duration noProgressRuntime,
                        @NotNull @DefaultValue("30s") Duration backoffInitial,
                        @NotNull @DefaultValue("30m") Duration backoffMax) {
    }

    /**
     * @param enabled         run the poll cycle on a schedule (off only in tests that drive it themselves)
     * @param interval        every watched job is asked about at least this often
     * @param tick            how often the scheduler wakes: jobs near their time limit are asked about at each tick
     * @param nearEndWindow   how close to its time limit a job counts as near it
     * @param statusBatchSize job ids per batched status request to Slurm
     * @param missingJobTimeout how long a job may be unknown to both slurmctld and accounting before its chain
     *                        fails (accounting can lag behind slurmctld; an unanswered request never counts)
     * @param replicaId       this process's name in the poll claims that divide the jobs among replicas sharing
     *                        a database; empty: host name and process id
     * @param claimLease      how long a replica's claim on its shards of the chains lasts (renewed every cycle); when a
     *                        replica dies, another takes its chains over after this long (a clean stop hands them
     *                        over at once). Default: two intervals
     * @param handlerThreads  how many chains' news are acted on at once (details of an ending, save, resubmission)
     */
    public record Poll(@DefaultValue("true") boolean enabled,
                       @NotNull @DefaultValue("10s") Duration interval,
                       @NotNull @DefaultValue("2s") Duration tick,
                       @NotNull @DefaultValue("30s") Duration nearEndWindow,
                       @NotNull @DefaultValue("10m") Duration missingJobTimeout,
                       @Min(1) @Max(5000) @DefaultValue("500") int statusBatchSize,
                       @DefaultValue("") String replicaId,
                       Duration claimLease,
                       @Min(1) @Max(64) @DefaultValue("8") int handlerThreads) {
    }

    /**
     * @param retryDelay how long to wait before trying again a submission Slurm could not take
     * @param lease      how long a submission in progress is hidden from other submitters
     */
    public record Submit(@NotNull @DefaultValue("30s") Duration retryDelay,
                         @NotNull @DefaultValue("2m") Duration lease) {
    }

    /**
     * @param baseEnvironment         variables every job starts with, before the request's own
     * @param defaultWorkingDirectory working directory when neither request nor script names one;
     *                                {@code {user}} becomes the Slurm user
     */
    public record Job(@DefaultValue Map<String, String> baseEnvironment,
                      @NotBlank @DefaultValue("/home/{user}") String defaultWorkingDirectory) {
        public Job {
            baseEnvironment = baseEnvironment == null || baseEnvironment.isEmpty()
                    ? Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8")
                    : Map.copyOf(baseEnvironment);
        }
    }
}
