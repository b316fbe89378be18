package io.longrun.cli;

import io.longrun.LongrunApplication;
import io.longrun.application.port.in.ChainUseCases;
import io.longrun.application.port.out.ChainEventsStored;
import io.longrun.domain.Chain;
import io.longrun.domain.ChainEvent;
import io.longrun.domain.ChainState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.support.ServletRequestHandledEvent;

/**
 * {@code longrun engine}: standalone mode's engine, one per user and machine, in the background. It is Longrun
 * itself, on its embedded defaults, with what a login node gives: an H2 database under {@code ~/.longrun} (or
 * {@code LONGRUN_HOME}), Slurm through sbatch/squeue/sacct/scancel run as this user, and the API on a loopback port
 * that only a holder of a fresh random key ({@code run/engine.key}, readable by this user alone) may use. The
 * commands find it through {@code run/engine.properties} ({@link LocalEngine}). It appends every chain's events to
 * {@code logs/<chain>.log} as they are stored, and quits when no chain has been live and nobody has asked anything
 * for {@code LONGRUN_ENGINE_IDLE_MINUTES} (15). Its own log is {@code logs/engine.log}.
 */
final class LocalEngineServer {
    private static final Logger log = LoggerFactory.getLogger(LocalEngineServer.class);

    private final EngineHome files;
    private final Map<String, String> env;
    /** The last request, stored event or live chain seen: the idle time counts from the latest of them. */
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    /** One thread writes the chains' logs, in the order their events were stored. */
    private final ExecutorService logWriter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chain-logs");
        thread.setDaemon(true);
        return thread;
    });
    private ConfigurableApplicationContext context;

    LocalEngineServer(EngineHome files, Map<String, String> env) {
        this.files = files;
        this.env = env;
    }

    /** {@code longrun engine}: runs until idle or stopped (SIGTERM, {@code longrun engine stop}). */
    static int run(Map<String, String> env, PrintStream err) throws InterruptedException {
        return new LocalEngineServer(EngineHome.of(env), env).run(err);
    }

    private int run(PrintStream err) throws InterruptedException {
        try {
            files.create();
        } catch (IOException e) {
            err.println("longrun engine: cannot create " + files.home() + ": " + e);
            return Cli.LONGRUN_ERROR;
        }
        try (FileLocks.Lock lock = FileLocks.tryLock(files.lock())) {
            if (lock == null) {
                err.println("Longrun's engine already runs for " + files.home() + files.describeRunning());
                return Cli.OK;
            }
            lock.write(Long.toString(ProcessHandle.current().pid()));
            int port;
            try {
                files.newKey();
                start();
                port = ((WebServerApplicationContext) context).getWebServer().getPort();
                files.announce("http://127.0.0.1:" + port + "/", ProcessHandle.current().pid());
            } catch (IOException | RuntimeException e) {
                Throwable cause = e;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                err.println("longrun engine: did not start: " + cause + " (log: " + files.engineLog() + ")");
                shutDown();
                return Cli.LONGRUN_ERROR;
            }
            log.info("Longrun's engine for {} serves http://127.0.0.1:{}/ (process {})", files.home(), port,
                    ProcessHandle.current().pid());
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stopped.countDown();
                shutDown();
            }, "engine-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            catchUpLogs();
            Duration idle = Duration.ofMinutes(Long.parseLong(env.getOrDefault("LONGRUN_ENGINE_IDLE_MINUTES", "15")));
            while (!stopped.await(30, TimeUnit.SECONDS)) {
                if (isIdleAsFarAsKnown(idle)) {
                    log.info("No live chain and no request for {}: the engine stops (the next command starts it)",
                            idle);
                    Runtime.getRuntime().removeShutdownHook(hook);
                    shutDown();
                    return Cli.OK;
                }
            }
            return Cli.OK;
        }
    }

    private void start() {
        String user = env.getOrDefault("LONGRUN_USER", System.getProperty("user.name"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", "false");
        properties.put("logging.threshold.console", "OFF");
        properties.put("logging.file.name", files.home().resolve("logs/engine.log").toString());
        properties.put("longrun.data-dir", files.home().toString());
        properties.put("spring.datasource.url", "jdbc:h2:file:" + files.home().resolve("longrun") + ";WRITE_DELAY=0");
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", "0");
        // Others on the login node reach the port too: only the probe the commands use is open.
        properties.put("management.endpoints.web.exposure.include", "health");
        properties.put("longrun.slurm.adapter", "cli");
        properties.put("longrun.slurm.cli.status-user", user);
        properties.put("longrun.poll.interval", "10s");
        properties.put("longrun.poll.replica-id", "standalone");
        // Only this user's commands, with the key only they can read; no Slurm tokens, no other caller.
        properties.put("longrun.security.slurm.enabled", "false");
        properties.put("longrun.security.api-keys[0].name", user);
        properties.put("longrun.security.api-keys[0].key-file", files.key().toString());
        properties.put("longrun.security.api-keys[0].users[0]", user);
        properties.put("longrun.security.api-keys[0].admin", "true");
        SpringApplication application = new SpringApplication(LongrunApplication.class);
        application.setLogStartupInfo(false);
        // Stopping is ours (shutDown): the logs are caught up before the database closes.
        application.setRegisterShutdownHook(false);
        application.addListeners((ApplicationListener<ApplicationEvent>) event -> {
            if (event instanceof ServletRequestHandledEvent) {
                lastActivity.set(System.nanoTime());
            } else if (event instanceof PayloadApplicationEvent<?> payload
                    && payload.getPayload() instanceof ChainEventsStored stored) {
                lastActivity.set(System.nanoTime());
                afterCommit(() -> stored.events().stream().map(ChainEvent::chainId).distinct()
                        .forEach(this::appendToLogLater));
            }
        });
        // As command-line arguments: they win over application.yml (its datasource, its adapter) and the
        // environment (LONGRUN_* settings the user gave for the engine still apply where these say nothing).
        context = application.run(properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue()).toArray(String[]::new));
    }

    /** Events are published inside the transaction that stores them; the log tells them once they are stored. */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    /** A failed check (the database did not answer) counts as busy: the next check decides. */
    private boolean isIdleAsFarAsKnown(Duration idle) {
        try {
            return isIdle(idle);
        } catch (RuntimeException e) {
            log.warn("Could not tell whether the engine is idle: {}", e.toString());
            return false;
        }
    }

    /** No live chain, and neither a request nor a chain's event (its ending included) for {@code idle}. */
    private boolean isIdle(Duration idle) {
        ChainUseCases chains = context.getBean(ChainUseCases.class);
        if (!chains.list(null, ChainState.ACTIVE, 1).isEmpty()
                || !chains.list(null, ChainState.SUBMITTING, 1).isEmpty()) {
            lastActivity.set(System.nanoTime());
            return false;
        }
        return System.nanoTime() - lastActivity.get() >= idle.toNanos();
    }

    /** Events stored while no engine ran cannot exist, but a log write can be lost with a killed engine. */
    private void catchUpLogs() {
        ChainUseCases chains = context.getBean(ChainUseCases.class);
        List<Chain> live = new ArrayList<>(chains.list(null, ChainState.ACTIVE, 10_000));
        live.addAll(chains.list(null, ChainState.SUBMITTING, 10_000));
        live.forEach(chain -> appendToLogLater(chain.id()));
    }

    private void appendToLogLater(UUID chainId) {
        try {
            logWriter.execute(() -> appendToLog(chainId));
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the engine stops; the next one catches the log up
        }
    }

    /** Appends the chain's events that its log does not tell yet, in the old tool's words. */
    private void appendToLog(UUID chainId) {
        try {
            ChainUseCases chains = context.getBean(ChainUseCases.class);
            Chain chain = chains.find(chainId).orElse(null);
            List<ChainEvent> events = chains.events(chainId).orElse(List.of());
            if (chain == null) {
                return;
            }
            String id = chainId.toString();
            int told = files.told(id);
            if (told >= events.size()) {
                return;
            }
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            EventPrinter printer = new EventPrinter(new Console(new PrintStream(text, true, StandardCharsets.UTF_8),
                    Level.DEBUG, false, ZoneId.systemDefault()));
            printer.tellAfter(events.stream().map(LocalEngineServer::view).toList(), told, chain.maxRestarts());
            Files.write(files.log(id), text.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            files.told(id, events.size());
        } catch (IOException | RuntimeException e) {
            log.warn("Could not write the log of chain {}: {}", chainId, e.toString());
        }
    }

    static EventView view(ChainEvent event) {
        return new EventView(event.at(), event.type().name(), event.attempt(), event.jobId(), event.state(),
                event.detail());
    }

    private synchronized void shutDown() {
        files.withdraw(ProcessHandle.current().pid());
        // The logs first, while the database is open; events stored after this wait for the next engine.
        logWriter.shutdown();
        try {
            logWriter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (context != null && context.isActive()) {
            context.close();
        }
    }
}
