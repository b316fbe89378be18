package io.longrun.cli;

import io.longrun.domain.sbatch.ParseContext;
import io.longrun.domain.sbatch.SbatchParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two commands: {@code sbatch_longrun [--max-restarts N] [--detached] [--use-verbosity L] [sbatch options]
 * script} and {@code longrun list|status|events|cancel|follow}. With {@code LONGRUN_URL} set they talk to the
 * Longrun service; without it they run the engine themselves (standalone mode).
 */
final class Cli {
    static final int OK = 0;
    static final int CHAIN_NOT_SUCCEEDED = 1;
    static final int USAGE = 2;
    static final int LONGRUN_ERROR = 3;

    static final String SBATCH_USAGE = """
            usage: sbatch_longrun [--max-restarts N] [--detached] [--use-verbosity DEFAULT|VERBOSE|SILENT]
                                  [--token-file FILE] [sbatch options...] script [args...]
              Submits the script as sbatch would and resubmits it (appending to the same log) each time its job
              ends in TIMEOUT, PREEMPTED, NODE_FAIL, DEADLINE or BOOT_FAIL, at most N times (default 999).
              Wrapper options come before the script; every other option goes to sbatch unchanged.
              Words after the script are the script's arguments ($1, $2, ...), given unchanged to every attempt.
              With LONGRUN_URL set, the Longrun service keeps the chain; otherwise this machine does.
            """;
    static final String LONGRUN_USAGE = """
            usage: longrun list [--all] | status CHAIN | events CHAIN | follow CHAIN | cancel CHAIN
                   longrun sbatch [sbatch_longrun arguments...]
                   longrun engine [status | stop]
              CHAIN is a chain id or the start of one. Without LONGRUN_URL (standalone mode), the first command
              starts this user's engine on this machine in the background (log ~/.longrun/logs/engine.log); it
              keeps every chain moving and stops by itself when none is live. `longrun engine` runs it in the
              foreground (e.g. under systemd --user); `status` and `stop` tell about it and stop it.
            """;

    private final Map<String, String> env;
    private final Path cwd;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final Apis apis;
    Duration pollInterval = Duration.ofSeconds(2);

    Cli(Map<String, String> env, Path cwd, PrintStream out, PrintStream err, boolean terminal,
        Apis apis) {
        this.env = env;
        this.cwd = cwd;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.apis = apis;
    }

    int run(String program, List<String> args) {
        try {
            if (program.equals("sbatch_longrun")) {
                return sbatchLongrun(args);
            }
            return longrun(args);
        } catch (UsageException e) {
            err.println(program + ": " + e.getMessage());
            return USAGE;
        } catch (LongrunApi.ApiException e) {
            err.println(program + ": " + e.getMessage());
            return LONGRUN_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    // ---- sbatch_longrun ------------------------------------------------------------------------------------

    int sbatchLongrun(List<String> words) throws InterruptedException {
        SbatchCommandLine line = SbatchCommandLine.parse(words);
        if (line.help()) {
            out.print(SBATCH_USAGE);
            return OK;
        }
        if (line.script() == null) {
            throw new UsageException("no batch script given (sbatch_longrun needs the script as a file)\n" + SBATCH_USAGE);
        }
        Path file = cwd.resolve(line.script());
        String script;
        try {
            script = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException("unable to open file " + line.script() + ": no such file");
        } catch (IOException e) {
            throw new UsageException("unable to open file " + line.script() + ": " + e);
        }
        List<String> args = new ArrayList<>();
        if (!line.namesJob() && !scriptNamesJob(script)) {
            // sbatch names the job after the script file; Longrun's API knows no file name.
            args.add("--job-name=" + file.getFileName());
        }
        args.addAll(line.sbatchArgs().stream().filter(word -> !word.equals("--")).toList());

        Console console = new Console(out, line.verbosity().threshold, terminal, ZoneId.systemDefault());
        try (LongrunApi api = api(line.tokenFile())) {
            ChainView chain = api.create(new LongrunApi.NewChainRequest(script, args, user(), cwd.toString(),
                    environment(), line.maxRestarts(), line.scriptArgs()));
            if (!line.detached()) {
                return follow(api, console, chain.id());
            }
            ChainView.AttemptView first = chain.currentAttempt();
            if (first != null && first.jobId() != null) {
                console.log(Level.SUCCESS, "Job submitted with ID: " + first.jobId());
            }
            java.nio.file.Path log = api.logOf(chain.id());
            console.log(Level.INFO, "Chain " + chain.id() + " is kept by " + api.describe()
                    + (log == null ? "" : " (log: " + log + ")") + "; follow it with: longrun follow " + chain.id());
            out.println(chain.id());
            return OK;
        }
    }

    /** The user's environment, as sbatch would send it, without Longrun's own credentials. */
    private Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (!name.startsWith("LONGRUN_") && !name.startsWith("BASH_FUNC_")) {
                environment.put(name, value);
            }
        });
        return environment;
    }

    private String user() {
        String user = env.get("LONGRUN_USER");
        return user != null && !user.isBlank() ? user : System.getProperty("user.name");
    }

    /** Whether the script's {@code #SBATCH} block names the job (then sbatch does not use the file name). */
    static boolean scriptNamesJob(String script) {
        try {
            return SbatchParser.parse(script, List.of(), ParseContext.of(Clock.systemDefaultZone())).jobName()
                    .isPresent();
        } catch (RuntimeException unreadable) {
            // Longrun will name what it cannot read; look for the option the simple way meanwhile.
            return script.lines().anyMatch(l -> l.matches("#SBATCH\\s.*(--job-name|--job|-J).*"));
        }
    }

    // ---- longrun ---------------------------------------------------------------------------------------------

    int longrun(List<String> words) throws InterruptedException {
        if (words.isEmpty() || words.get(0).equals("--help") || words.get(0).equals("-h")) {
            out.print(LONGRUN_USAGE);
            return words.isEmpty() ? USAGE : OK;
        }
        String command = words.get(0);
        List<String> rest = new ArrayList<>(words.subList(1, words.size()));
        String tokenFile = takeOption(rest, "--token-file");
        if (command.equals("sbatch")) {
            return sbatchLongrun(words.subList(1, words.size()));
        }
        if (command.equals("engine")) {
            return engine(rest);
        }
        Console console = new Console(out, Level.DEBUG, terminal, ZoneId.systemDefault());
        try (LongrunApi api = api(tokenFile)) {
            switch (command) {
                case "list" -> {
                    boolean all = rest.remove("--all");
                    List<ChainView> chains = api.list(all ? null : user(), 100);
                    out.printf("%-36s  %-10s  %-9s  %-8s  %s%n", "CHAIN", "STATE", "JOB", "ATTEMPTS", "NAME");
                    for (ChainView chain : chains) {
                        out.printf("%-36s  %-10s  %-9s  %-8s  %s%n", chain.id(), chain.state(),
                                chain.currentJobId() == null ? "-" : chain.currentJobId(),
                                chain.attempts().size() + "/" + (chain.maxRestarts() + 1),
                                chain.name() == null ? "" : chain.name());
                    }
                    return OK;
                }
                case "status" -> {
                    ChainView chain = api.chain(resolve(api, one(rest, command)));
                    out.println(Follower.statusLine(chain, java.time.Instant.now()));
                    if (chain.stateReason() != null) {
                        out.println("  " + chain.stateReason());
                    }
                    for (ChainView.AttemptView attempt : chain.attempts()) {
                        out.printf("  submission %d: job %s %s%s%n", attempt.number(),
                                attempt.jobId() == null ? "-" : attempt.jobId(),
                                attempt.slurmState() == null ? "" : attempt.slurmState(),
                                attempt.exitCode() == null ? "" : " (exit code " + attempt.exitCode() + ")");
                    }
                    return OK;
                }
                case "events" -> {
                    String id = resolve(api, one(rest, command));
                    ChainView chain = api.chain(id);
                    EventPrinter printer = new EventPrinter(console);
                    for (EventView event : api.events(id)) {
                        printer.print(event, chain.maxRestarts());
                    }
                    return OK;
                }
                case "follow" -> {
                    return follow(api, new Console(out, Level.INFO, terminal, ZoneId.systemDefault()),
                            resolve(api, one(rest, command)));
                }
                case "cancel" -> {
                    ChainView chain = api.cancel(resolve(api, one(rest, command)));
                    out.println("Chain " + chain.id() + " " + chain.state()
                            + (chain.stateReason() == null ? "" : ": " + chain.stateReason()));
                    return OK;
                }
                default -> throw new UsageException("unknown command '" + command + "'\n" + LONGRUN_USAGE);
            }
        }
    }

    /** Follows until the chain ends; Ctrl-C stops following, never the chain, and says how to follow again. */
    private int follow(LongrunApi api, Console console, String id) throws InterruptedException {
        Thread hint = new Thread(() -> {
            console.clearStatus();
            err.println();
            err.println("Stopped following; the chain goes on (kept by " + api.describe() + "). Follow it again with:"
                    + " longrun follow " + id);
            err.flush();
        });
        Runtime.getRuntime().addShutdownHook(hint);
        ChainView ended;
        try {
            ended = new Follower(api, console, pollInterval, duration -> Thread.sleep(duration.toMillis()))
                    .follow(id);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hint);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hint is being printed
            }
        }
        return ended.succeeded() ? OK : CHAIN_NOT_SUCCEEDED;
    }

    /**
     * {@code longrun engine}: standalone mode's engine in the foreground (what the commands start in the background);
     * {@code longrun engine status|stop}.
     */
    private int engine(List<String> rest) throws InterruptedException {
        String url = env.get("LONGRUN_URL");
        if (url != null && !url.isBlank()) {
            throw new UsageException("longrun engine is standalone mode's engine; with LONGRUN_URL set the service"
                    + " keeps every chain");
        }
        if (rest.isEmpty()) {
            return LocalEngineServer.run(env, err);
        }
        return switch (rest.get(0)) {
            case "status" -> LocalEngine.status(env, out);
            case "stop" -> LocalEngine.stop(env, out);
            default -> throw new UsageException("longrun engine takes nothing, status or stop\n" + LONGRUN_USAGE);
        };
    }

    /** A full id, or the start of one (as {@code longrun list} shows it) when exactly one chain starts so. */
    private String resolve(LongrunApi api, String given) {
        if (given.length() == 36) {
            return given;
        }
        List<String> matches = api.list(null, 500).stream().map(ChainView::id).filter(id -> id.startsWith(given))
                .toList();
        if (matches.size() != 1) {
            throw new UsageException(matches.isEmpty() ? "no chain starts with '" + given + "'"
                    : "'" + given + "' is the start of several chains: " + matches);
        }
        return matches.get(0);
    }

    private static String one(List<String> rest, String command) {
        if (rest.size() != 1) {
            throw new UsageException("longrun " + command + " takes one chain id\n" + LONGRUN_USAGE);
        }
        return rest.get(0);
    }

    private static String takeOption(List<String> words, String name) {
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).startsWith(name + "=")) {
                return words.remove(i).substring(name.length() + 1);
            }
            if (words.get(i).equals(name) && i + 1 < words.size()) {
                words.remove(i);
                return words.remove(i);
            }
        }
        return null;
    }

    private LongrunApi api(String tokenFile) {
        return apis.open(env, tokenFile);
    }

    /** Opens Longrun for one command. */
    interface Apis {
        LongrunApi open(Map<String, String> env, String tokenFile);

        /** The service when {@code LONGRUN_URL} is set, else standalone mode. */
        static LongrunApi standard(Map<String, String> env, String tokenFile) {
            String url = env.get("LONGRUN_URL");
            if (url != null && !url.isBlank()) {
                return new HttpLongrunApi(url, Credentials.from(env, tokenFile));
            }
            return LocalEngine.connect(env, System.err);
        }
    }
}
