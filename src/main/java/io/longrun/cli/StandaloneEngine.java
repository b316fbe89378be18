package io.longrun.cli;

import io.longrun.LongrunApplication;
import io.longrun.application.ChainPoller;
import io.longrun.application.port.in.ChainUseCases;
import io.longrun.application.port.in.NewChain;
import io.longrun.application.port.in.PolicyRequest;
import io.longrun.domain.Attempt;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Standalone mode: Longrun's engine in this process, without a web server, on an H2 database under
 * {@code ~/.longrun} (or {@code LONGRUN_HOME}) and Slurm's command line (sbatch, squeue, sacct, scancel) run as the
 * user who runs the command, exactly where the old tool ran. Its own log goes to {@code ~/.longrun/logs/engine.log},
 * never to the terminal. The database is opened with {@code AUTO_SERVER}, so a second {@code longrun} command can
 * read it while this one runs.
 */
final class StandaloneEngine implements LongrunApi {
    private static final Logger log = LoggerFactory.getLogger(StandaloneEngine.class);

    private final ConfigurableApplicationContext context;
    private final ChainUseCases chains;
    private final Path home;
    private ScheduledExecutorService driver;
    private Watchers.Lock engineLock;

    StandaloneEngine(Map<String, String> env) throws Exception {
        home = Watchers.home(env);
        Files.createDirectories(home.resolve("logs"));
        String user = env.getOrDefault("LONGRUN_USER", System.getProperty("user.name"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", "false");
        properties.put("logging.threshold.console", "OFF");
        properties.put("logging.file.name", home.resolve("logs/engine.log").toString());
        properties.put("longrun.data-dir", home.toString());
        properties.put("spring.datasource.url", "jdbc:h2:file:" + home.resolve("longrun") + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;WRITE_DELAY=0");
        properties.put("longrun.slurm.adapter", "cli");
        properties.put("longrun.slurm.cli.status-user", user);
        properties.put("longrun.poll.interval", "10s");
        // Polling is driven by drive(), in one process at a time (the holder of run/engine.lock); the processes
        // share one name in the poll claims, so a successor takes the chains over at once.
        properties.put("longrun.poll.enabled", "false");
        properties.put("longrun.poll.replica-id", "standalone");
        SpringApplication application = new SpringApplication(LongrunApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);
        // As command-line arguments: they must win over application.yml (its datasource, its adapter).
        context = application.run(properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue()).toArray(String[]::new));
        chains = context.getBean(ChainUseCases.class);
    }

    /**
     * Keeps the chains moving while this process runs: at every tick, polls Slurm and submits what is due, if this
     * process holds the engine lock or can take it (another standalone process may be the one polling).
     */
    @Override
    public synchronized void drive() {
        if (driver != null) {
            return;
        }
        ChainPoller poller = context.getBean(ChainPoller.class);
        Duration tick = context.getEnvironment().getProperty("longrun.poll.tick", Duration.class, Duration.ofSeconds(2));
        driver = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "standalone-engine");
            thread.setDaemon(true);
            return thread;
        });
        driver.scheduleWithFixedDelay(() -> {
            try {
                if (engineLock == null) {
                    engineLock = Watchers.tryLock(home.resolve("run/engine.lock"));
                    if (engineLock == null) {
                        return;
                    }
                    log.info("Process {} polls Slurm for the standalone chains", ProcessHandle.current().pid());
                }
                poller.pollDue();
            } catch (RuntimeException | Error unexpected) {
                // A failed cycle must not stop the next one.
                log.error("Poll cycle failed", unexpected);
            }
        }, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public ChainView create(NewChainRequest request) {
        return view(chains.create(new NewChain(request.user(), request.script(), request.args(),
                request.workingDirectory(), request.environment(),
                new PolicyRequest(request.maxRestarts(), null, null, null, null, null, null, null),
                request.scriptArguments())));
    }

    @Override
    public ChainView chain(String id) {
        return reading(() -> view(chains.find(uuid(id)).orElseThrow(() -> notFound(id))));
    }

    @Override
    public List<EventView> events(String id) {
        return reading(() -> chains.events(uuid(id)).orElseThrow(() -> notFound(id)).stream()
                .map(StandaloneEngine::view).toList());
    }

    @Override
    public List<ChainView> list(String user, int limit) {
        return reading(() -> chains.list(user, null, limit).stream().map(StandaloneEngine::view).toList());
    }

    /**
     * A read of the local database; a failure there (the process that served the database to the others ended and
     * the connection is being re-established) is reported like an unreachable service, and waited out.
     */
    private <T> T reading(Supplier<T> read) {
        try {
            return read.get();
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ApiException(503, "the local database (" + home + ") did not answer: " + e.getMessage());
        }
    }

    @Override
    public ChainView cancel(String id) {
        try {
            return view(chains.cancel(uuid(id), System.getProperty("user.name")).orElseThrow(() -> notFound(id)));
        } catch (RuntimeException conflict) {
            if (conflict instanceof ApiException) {
                throw conflict;
            }
            throw new ApiException(409, conflict.getMessage());
        }
    }

    @Override
    public String describe() {
        return "this machine (standalone, " + home + ")";
    }

    @Override
    public boolean runsWithoutMe() {
        return false;
    }

    @Override
    public void close() {
        if (!context.isActive()) {
            return;
        }
        synchronized (this) {
            if (driver != null) {
                driver.shutdownNow();
                try {
                    driver.awaitTermination(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        context.close();
        if (engineLock != null) {
            engineLock.close();
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "no chain " + id);
        }
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "no chain " + id);
    }

    static ChainView view(Chain chain) {
        Attempt current = chain.currentAttempt();
        return new ChainView(chain.id().toString(), chain.user(), chain.name(), chain.state().name(),
                chain.stateReason(), chain.maxRestarts(), chain.restartsUsed(), chain.initialJobId().orElse(null),
                current == null ? null : current.jobId(), chain.createdAt(), chain.endedAt(),
                chain.attempts().stream().map(a -> new ChainView.AttemptView(a.number(), a.jobId(), a.slurmState(),
                        a.exitCode())).toList());
    }

    static EventView view(ChainEvent event) {
        return new EventView(event.at(), event.type().name(), event.attempt(), event.jobId(), event.state(),
                event.detail());
    }
}
