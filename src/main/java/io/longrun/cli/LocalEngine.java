package io.longrun.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Standalone mode, the command's side: finds this user's engine on this machine ({@link LocalEngineServer}, started
 * in the background by the first command that needs it) and talks to it like to the service. So only the first
 * command after the engine stopped waits for it to start; every later one starts in a moment, Ctrl-C never leaves
 * a chain unwatched, and one process keeps all the user's chains. No Spring here.
 */
final class LocalEngine {
    static final String CLI_ADAPTER_PACKAGE = "io/longrun/adapter/out/slurm/cli/";

    private LocalEngine() {
    }

    /** The engine's API, starting the engine when none runs. */
    static LongrunApi connect(Map<String, String> env, PrintStream err) {
        if (LocalEngine.class.getClassLoader().getResource(CLI_ADAPTER_PACKAGE) == null) {
            throw new UsageException("LONGRUN_URL is not set, and standalone mode (the engine on this machine,"
                    + " submitting with sbatch) is not available in this build: it needs Slurm's command-line"
                    + " adapter. Set LONGRUN_URL to a Longrun service.");
        }
        return new Reconnecting(env, err, find(env, err));
    }

    /** The running engine, or one started now. */
    private static LongrunApi find(Map<String, String> env, PrintStream err) {
        EngineHome home = EngineHome.of(env);
        EngineHome.Announcement answering = answering(home);
        if (answering != null) {
            return api(home, answering);
        }
        EngineHome.Announcement running = home.announced();
        if (running != null && !running.isOnThisHost() && FileLocks.isHeld(home.lock())) {
            throw new UsageException("Longrun's engine for " + home.home() + " runs on " + running.host()
                    + " (process " + running.pid() + "): run longrun there, or give this machine a directory of its"
                    + " own with LONGRUN_HOME");
        }
        return api(home, start(home, env, err));
    }

    /** Starts the engine in the background and waits until it (or one another command started) answers. */
    static EngineHome.Announcement start(EngineHome home, Map<String, String> env, PrintStream err) {
        Process process = spawn(home, env, err);
        err.println("Starting Longrun's engine on this machine (process " + process.pid() + ", log "
                + home.engineLog() + "); later commands find it running");
        err.flush();
        long seconds = Long.parseLong(env.getOrDefault("LONGRUN_ENGINE_START_SECONDS", "300"));
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (System.nanoTime() < deadline) {
            EngineHome.Announcement answering = answering(home);
            if (answering != null) {
                return answering;
            }
            if (!process.isAlive() && !FileLocks.isHeld(home.lock())) {
                throw new LongrunApi.ApiException(0, "Longrun's engine did not start (exit status "
                        + process.exitValue() + ")" + tail(home.engineOutput()) + tail(home.engineLog()));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LongrunApi.ApiException(0, "interrupted while Longrun's engine started");
            }
        }
        throw new LongrunApi.ApiException(0, "Longrun's engine did not answer within " + seconds + " s (see "
                + home.engineLog() + ")");
    }

    /**
     * {@code longrun engine} in a session of its own (it survives the terminal and the login), reading nothing, its
     * output appended to {@code logs/engine.out}, with the command's environment (its {@code LONGRUN_*} settings).
     */
    private static Process spawn(EngineHome home, Map<String, String> env, PrintStream err) {
        List<String> command = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A small heap and the client compiler: the engine idles between poll cycles on a login node.
        String options = env.getOrDefault("LONGRUN_ENGINE_JAVA_OPTS",
                "-XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -Xshare:auto");
        command.addAll(List.of(options.trim().split("\\s+")));
        String jar = System.getProperty("longrun.cli.jar");
        List<String> cached = jar == null ? List.of()
                : EngineStartCache.classLoading(Path.of(jar).toAbsolutePath(), home, env, err);
        if (!cached.isEmpty()) {
            command.addAll(cached);
        } else if (jar != null) {
            // as src/main/bin/longrun starts a command
            command.addAll(List.of("-Dloader.main=io.longrun.cli.Main", "-Dlongrun.cli.jar=" + jar, "-cp", jar,
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        command.addAll(List.of("longrun", "engine"));
        try {
            home.create();
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.home().toFile())
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.engineOutput().toFile()))
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new LongrunApi.ApiException(0, "cannot start Longrun's engine: " + e);
        }
    }

    /** The announced engine, when its process may run and it answers; else null. */
    private static EngineHome.Announcement answering(EngineHome home) {
        EngineHome.Announcement announced = home.announced();
        return announced != null && announced.mayRun() && answers(announced.url()) ? announced : null;
    }

    /** Whether something answers the engine's liveness probe at {@code url}, within a moment. */
    static boolean answers(String url) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url + "actuator/health/liveness"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static LongrunApi api(EngineHome home, EngineHome.Announcement engine) {
        String description = "Longrun's engine on this machine (process " + engine.pid() + ", " + home.home() + ")";
        return new HttpLongrunApi(engine.url(), Credentials.apiKey(home.readKey(), home.key().toString()),
                description, home::log);
    }

    /** {@code longrun engine status}. */
    static int status(Map<String, String> env, PrintStream out) {
        EngineHome home = EngineHome.of(env);
        EngineHome.Announcement running = home.announced();
        if (running == null || !running.mayRun() || !FileLocks.isHeld(home.lock())) {
            out.println("Longrun's engine for " + home.home() + " is not running (the next command starts it)");
            return Cli.OK;
        }
        out.println("Longrun's engine for " + home.home() + " runs as process " + running.pid() + " on "
                + running.host() + " at " + running.url() + (answers(running.url()) ? "" : " (not answering)")
                + "; log " + home.engineLog());
        return Cli.OK;
    }

    /** {@code longrun engine stop}: the chains wait (in the database) for the next command's engine. */
    static int stop(Map<String, String> env, PrintStream out) {
        EngineHome home = EngineHome.of(env);
        EngineHome.Announcement running = home.announced();
        if (running == null || !running.isOnThisHost() || !FileLocks.isHeld(home.lock())) {
            out.println("Longrun's engine for " + home.home() + " is not running here");
            return Cli.OK;
        }
        ProcessHandle process = ProcessHandle.of(running.pid()).orElse(null);
        if (process != null) {
            process.destroy();
            process.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).exceptionally(timeout -> null)
                    .join();
        }
        out.println("Stopped Longrun's engine (process " + running.pid() + "); its chains wait for the next longrun"
                + " command");
        return Cli.OK;
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file);
            return "\n" + file + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The engine's API for one command, which finds the engine again when it stops answering: a foreground
     * {@code sbatch_longrun} or {@code longrun follow} outlives the engine it started with (killed, stopped, idle on
     * another command's watch), and then starts the next one itself, so its chain goes on. Only reads and cancels are
     * repeated: a creation that may have reached the old engine is not sent twice.
     */
    static final class Reconnecting implements LongrunApi {
        private final Map<String, String> env;
        private final PrintStream err;
        private LongrunApi current;

        Reconnecting(Map<String, String> env, PrintStream err, LongrunApi current) {
            this.env = env;
            this.err = err;
            this.current = current;
        }

        private synchronized <T> T again(java.util.function.Function<LongrunApi, T> call) {
            try {
                return call.apply(current);
            } catch (ApiException e) {
                if (e.status() != 0) {
                    throw e;
                }
                current = find(env, err);
                return call.apply(current);
            }
        }

        @Override
        public synchronized ChainView create(NewChainRequest request) {
            return current.create(request);
        }

        @Override
        public ChainView chain(String id) {
            return again(api -> api.chain(id));
        }

        @Override
        public List<EventView> events(String id) {
            return again(api -> api.events(id));
        }

        @Override
        public List<ChainView> list(String user, int limit) {
            return again(api -> api.list(user, limit));
        }

        @Override
        public ChainView cancel(String id) {
            return again(api -> api.cancel(id));
        }

        @Override
        public synchronized String describe() {
            return current.describe();
        }

        @Override
        public synchronized Path logOf(String chainId) {
            return current.logOf(chainId);
        }
    }
}
