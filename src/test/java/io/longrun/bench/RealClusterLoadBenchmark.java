package io.longrun.bench;

import io.longrun.support.DevCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 8, "prove the scale", on the real dev cluster: the load Longrun puts on slurmctld and slurmdbd, counted by
 * the daemons themselves ({@code sdiag}, {@code sacctmgr show stats}) per chain-hour, next to what
 * {@code sbatch_longrun}'s per-chain monitor ({@link OldToolModel}: one {@code sacct} and one {@code scontrol show job}
 * per tick, one {@code sbatch} per attempt) would have cost for the same jobs.
 *
 * <ol>
 * <li>Calibration: each Slurm command the old tool runs, and each slurmrestd request Longrun makes, is run N times as
 * {@value #USER}; the difference of {@value #USER}'s counters divided by N is its cost in RPCs (by type: the difference
 * of all counters, less what reading the counters costs).</li>
 * <li>Longrun as its own JVM (H2 in memory, slurmrestd at 127.0.0.1:6820, the shipped poll settings unless
 * {@code -Dbench.pollInterval}), {@code sdiag --reset}, then {@code bench.chains} chains as {@value #USER} of 1-minute jobs
 * with 95 s of checkpointed work (each needs a TIMEOUT and a second attempt), and up to {@code bench.preemptions}
 * 1-CPU jobs in the {@code high} partition (as {@value #PREEMPTOR}) that preempt one of them each, only while every
 * running job in {@code debug} is one of the benchmark's (other people's jobs are never preempted).</li>
 * <li>The window ends when every chain has ended, or after {@code bench.maxWindow} seconds (live chains are then
 * cancelled, after the counters are read).</li>
 * </ol>
 *
 * Longrun's status requests are made as {@value #USER} ({@code longrun.slurm.rest.status-user}; production uses
 * SlurmUser, and an RPC costs the same whoever makes it) so that {@value #USER}'s line in {@code sdiag} and
 * {@code sacctmgr show stats} is all of Longrun's load. Other users' jobs the cluster ran meanwhile are counted and
 * reported; {@value #USER}'s jobs that are not the benchmark's make the figures suspect, and the report says so.
 *
 * <p>Not part of {@code mvn verify}: {@code mvn test -Dtest=RealClusterLoadBenchmark -Dbench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; writes {@code target/bench/real-cluster.md}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class RealClusterLoadBenchmark {
    private static final Path OUT = Path.of("target/bench");
    private static final String USER = "bob";
    private static final String PREEMPTOR = "alice";
    private static final String JOB_NAME = "longrun-bench";
    private static final String WORK_DIR = "/home/" + USER + "/longrun-load-bench";
    private static final int WORK_SECONDS = 95;
    private static final Duration TIME_LIMIT = Duration.ofMinutes(1);
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "EXHAUSTED", "CANCELLED");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The old tool's per-tick accounting query, as {@code slurm_longrun/utils.py} runs it. */
    private static List<String> oldToolSacct(String jobId) {
        return List.of("sacct", "-j", jobId, "--format=JobID,JobName,State,ExitCode,Reason,Comment,Elapsed", "--noheader",
                "-P");
    }

    /** One call's cost: RPCs per call made as {@value #USER}, and the types those were (per call). */
    record Cost(String call, int n, double controller, double dbd, Map<String, Double> controllerTypes,
                Map<String, Double> dbdTypes) {
    }

    record JobRun(long jobId, String chainId, Instant submitted, Instant started, Instant ended, String state) {
    }

    @Test
    void run() throws Exception {
        DevCluster.assumeRunning();
        Files.createDirectories(OUT);
        int chains = Integer.getInteger("bench.chains", 50);
        int preemptionsWanted = Integer.getInteger("bench.preemptions", 10);
        Duration maxWindow = Duration.ofSeconds(Long.getLong("bench.maxWindow", 900));
        String pollInterval = System.getProperty("bench.pollInterval", "10s");
        DevCluster.as(USER, null, "sh", "-c", "rm -rf " + WORK_DIR + " && mkdir -p " + WORK_DIR).orThrow();

        // 1. What each call costs, in RPCs, as counted by slurmctld and slurmdbd.
        Map<String, Cost> costs = calibrate();
        costs.values().forEach(cost -> log("cost: " + cost));

        // 2. Longrun, then the measured window.
        Path data = Files.createTempDirectory("longrun-load-bench-");
        List<String> arguments = List.of("--spring.datasource.url=jdbc:h2:mem:longrun-load-bench;DB_CLOSE_DELAY=-1",
                "--longrun.data-dir=" + data, "--longrun.security.enabled=false", "--longrun.slurm.adapter=rest",
                "--longrun.slurm.rest.url=" + DevCluster.restUrl(),
                "--longrun.slurm.rest.jwt-key-file=" + DevCluster.keyPath(),
                "--longrun.slurm.rest.status-user=" + USER, "--longrun.poll.interval=" + pollInterval);
        try (LongrunProcess longrun = LongrunProcess.start("512m", arguments, OUT.resolve("real-cluster.log"))) {
            log("Longrun up (pid " + longrun.pid() + "), poll interval " + pollInterval);
            Thread.sleep(3_000);
            SlurmRpcCounters.resetController();
            SlurmRpcCounters start = SlurmRpcCounters.read();
            Map<String, Double> metricsBefore = longrun.scrape();
            Instant windowStart = Instant.now();

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < chains; i++) {
                ids.add(createChain(longrun.base()));
            }
            log(ids.size() + " chains created");
            Preemptor preemptor = new Preemptor(preemptionsWanted);
            preemptor.start();

            Instant deadline = windowStart.plus(maxWindow);
            Map<String, JsonNode> seen = new LinkedHashMap<>();
            while (Instant.now().isBefore(deadline)) {
                Thread.sleep(5_000);
                for (String id : ids) {
                    seen.put(id, chain(longrun.base(), id));
                }
                long ended = seen.values().stream().filter(chain -> FINAL.contains(chain.get("state").asString())).count();
                if (ended == ids.size()) {
                    break;
                }
                log(ended + "/" + ids.size() + " chains ended, " + preemptor.submitted.get() + " preemptors");
            }
            Instant windowEnd = Instant.now();
            SlurmRpcCounters end = SlurmRpcCounters.read();
            Map<String, Double> metricsAfter = longrun.scrape();
            preemptor.stop();

            // after the window: stop what still runs, collect the jobs' timelines
            for (String id : ids) {
                if (!FINAL.contains(seen.get(id).get("state").asString())) {
                    cancel(longrun.base(), id);
                }
            }
            Map<String, JsonNode> finalChains = new LinkedHashMap<>();
            for (String id : ids) {
                finalChains.put(id, chain(longrun.base(), id));
            }
            List<JobRun> runs = jobRuns(finalChains);
            List<String> foreign = foreignJobs(ids, windowStart);

            String report = report(costs, start, end, end.minus(start), metricsBefore, metricsAfter, seen, runs, foreign,
                    preemptor.submitted.get(), windowStart, windowEnd, pollInterval);
            Files.writeString(OUT.resolve("real-cluster.md"), report);
            System.out.println(report);
        }
    }

    // ---------------------------------------------------------------------------------------------- calibration

    private Map<String, Cost> calibrate() throws Exception {
        String token = DevCluster.token(USER);
        SlurmRpcCounters a = SlurmRpcCounters.read();
        SlurmRpcCounters overhead = SlurmRpcCounters.read().minus(a); // what one reading of the counters adds
        Map<String, Cost> costs = new LinkedHashMap<>();
        List<String> calibrationJobs = new ArrayList<>();
        try {
            costs.put("sbatch", measure("sbatch (held)", 5, overhead, () -> calibrationJobs.add(DevCluster.as(USER, null,
                    "sbatch", "--parsable", "--hold", "--time=1", "-J", JOB_NAME + "-calibration", "-o", "/dev/null",
                    "--chdir", WORK_DIR, "--wrap", "true").orThrow().stdout().strip())));
            String job = calibrationJobs.get(0);
            costs.put("scontrol", measure("scontrol show job ID", 20, overhead,
                    () -> DevCluster.as(USER, null, "scontrol", "show", "job", job).orThrow()));
            costs.put("sacct", measure("sacct -j ID --format=… -P (old tool's)", 20, overhead,
                    () -> DevCluster.as(USER, null, oldToolSacct(job).toArray(String[]::new)).orThrow()));
            costs.put("states", measure("REST GET /slurm/v0.0.42/jobs/state/", 10, overhead,
                    () -> rest(token, "GET", "/slurm/v0.0.42/jobs/state/?job_id=" + job, null)));
            costs.put("job", measure("REST GET /slurm/v0.0.42/job/{id}", 10, overhead,
                    () -> rest(token, "GET", "/slurm/v0.0.42/job/" + job, null)));
            costs.put("accounting", measure("REST GET /slurmdb/v0.0.42/job/{id}", 10, overhead,
                    () -> rest(token, "GET", "/slurmdb/v0.0.42/job/" + job, null)));
            String submit = "{\"job\":{\"script\":\"#!/bin/sh\\ntrue\\n\",\"name\":\"" + JOB_NAME + "-calibration\","
                    + "\"hold\":true,\"time_limit\":{\"number\":1,\"set\":true},\"current_working_directory\":\""
                    + WORK_DIR + "\",\"standard_output\":\"/dev/null\",\"environment\":[\"PATH=/usr/bin:/bin\"]}}";
            costs.put("submit", measure("REST POST /slurm/v0.0.42/job/submit (held)", 5, overhead, () -> {
                Matcher id = Pattern.compile("\"job_id\"\\s*:\\s*(\\d+)").matcher(rest(token, "POST",
                        "/slurm/v0.0.42/job/submit", submit));
                if (!id.find()) {
                    throw new IllegalStateException("no job id from slurmrestd");
                }
                calibrationJobs.add(id.group(1));
            }));
        } finally {
            if (!calibrationJobs.isEmpty()) {
                List<String> scancel = new ArrayList<>(List.of("scancel"));
                scancel.addAll(calibrationJobs);
                DevCluster.as("root", null, scancel.toArray(String[]::new));
            }
        }
        return costs;
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Cost measure(String call, int n, SlurmRpcCounters overhead, Call action) throws Exception {
        SlurmRpcCounters before = SlurmRpcCounters.read();
        for (int i = 0; i < n; i++) {
            action.run();
        }
        SlurmRpcCounters delta = SlurmRpcCounters.read().minus(before);
        if (delta.anyNegative()) {
            throw new IllegalStateException("the counters were reset while measuring " + call + ": run it again");
        }
        return new Cost(call, n, delta.controller(USER) / (double) n, delta.dbd(USER) / (double) n,
                perCall(delta.controllerByType(), overhead.controllerByType(), n),
                perCall(delta.dbdByType(), overhead.dbdByType(), n));
    }

    /** Types whose count, less the counters' own reading, is at least half a call per call. */
    private static Map<String, Double> perCall(Map<String, Long> delta, Map<String, Long> overhead, int n) {
        Map<String, Double> types = new TreeMap<>();
        delta.forEach((type, count) -> {
            double perCall = (count - overhead.getOrDefault(type, 0L)) / (double) n;
            if (perCall >= 0.5) {
                types.put(type, perCall);
            }
        });
        return types;
    }

    private static String rest(String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(DevCluster.restUrl() + path))
                .header("X-SLURM-USER-NAME", USER).header("X-SLURM-USER-TOKEN", token);
        request = body == null ? request.GET()
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = LongrunProcess.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    // ---------------------------------------------------------------------------------------------- load

    private static String createChain(String base) throws Exception {
        String script = "#!/bin/bash\n#SBATCH --job-name=" + JOB_NAME + " --time=" + TIME_LIMIT.toMinutes() + "\n"
                + "f=step-$SLURM_LONGRUN_INITIAL_JOB_ID; n=$(cat $f 2>/dev/null || echo 0)\n"
                + "while [ $n -lt " + WORK_SECONDS + " ]; do n=$((n+1)); echo $n > $f; sleep 1; done\n";
        String body = JSON.writeValueAsString(Map.of("user", USER, "script", script, "workingDirectory", WORK_DIR,
                "maxRestarts", 5));
        HttpResponse<String> response = LongrunProcess.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/chains"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /chains: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asString();
    }

    private static JsonNode chain(String base, String id) throws Exception {
        return JSON.readTree(LongrunProcess.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/chains/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void cancel(String base, String id) throws Exception {
        LongrunProcess.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/chains/" + id + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    /**
     * 1-CPU jobs in the {@code high} partition, each preempting one running benchmark job: one at a time, only
     * while the node is full and every job running in {@code debug} is the benchmark's.
     */
    static final class Preemptor {
        final int wanted;
        final AtomicInteger submitted = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread;

        Preemptor(int wanted) {
            this.wanted = wanted;
            this.thread = new Thread(this::loop, "bench-preemptor");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join(10_000);
        }

        private void loop() {
            try {
                Thread.sleep(40_000);
                while (running.get() && submitted.get() < wanted) {
                    if (onlyBenchmarkJobsAndFull()) {
                        DevCluster.as(PREEMPTOR, null, "sbatch", "--parsable", "-p", "high", "-n1", "--time=1", "-J",
                                JOB_NAME + "-preemptor", "-o", "/dev/null", "--wrap", "sleep 20").orThrow();
                        submitted.incrementAndGet();
                        Thread.sleep(30_000);
                    } else {
                        Thread.sleep(3_000);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log("preemptor stopped: " + e);
            }
        }

        private static boolean onlyBenchmarkJobsAndFull() {
            // allocated/idle/other/total; one line per partition the node is in, all alike
            String cpus = DevCluster.as("root", null, "sinfo", "-h", "-N", "-o", "%C").orThrow().stdout().strip();
            String[] aiot = cpus.split("\n")[0].strip().split("/");
            if (aiot.length != 4 || !aiot[1].equals("0")) {
                return false; // idle CPUs: a high job would not preempt anything
            }
            String jobs = DevCluster.as("root", null, "squeue", "-h", "-t", "R,CG,CF,PD", "-o", "%P %u %j %T").orThrow()
                    .stdout();
            for (String line : jobs.split("\n")) {
                String[] f = line.strip().split("\\s+");
                if (f.length < 4) {
                    continue;
                }
                boolean mine = f[1].equals(USER) && f[2].equals(JOB_NAME);
                if (f[0].equals("debug") && !f[3].equals("PENDING") && !mine) {
                    return false; // someone else's job runs in debug: it could be the one preempted
                }
                if (f[0].equals("high") && f[3].equals("PENDING")) {
                    return false; // a high job waits already
                }
            }
            return true;
        }
    }

    // ---------------------------------------------------------------------------------------------- after the window

    /** Every attempt's job as slurmdbd recorded it (submit, start, end in epoch seconds). */
    private static List<JobRun> jobRuns(Map<String, JsonNode> chains) {
        Map<Long, String> chainOfJob = new TreeMap<>();
        chains.forEach((id, chain) -> chain.get("attempts").forEach(attempt -> {
            if (attempt.has("jobId")) {
                chainOfJob.put(attempt.get("jobId").asLong(), id);
            }
        }));
        List<JobRun> runs = new ArrayList<>();
        if (chainOfJob.isEmpty()) {
            return runs;
        }
        String list = String.join(",", chainOfJob.keySet().stream().map(String::valueOf).toList());
        String out = DevCluster.as("root", null, "env", "SLURM_TIME_FORMAT=%s", "sacct", "-X", "-P", "--noheader",
                "-j", list, "--format=JobID,Submit,Start,End,State").orThrow().stdout();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\|");
            if (f.length < 5 || !f[0].matches("\\d+")) {
                continue;
            }
            long jobId = Long.parseLong(f[0]);
            runs.add(new JobRun(jobId, chainOfJob.get(jobId), epoch(f[1]), epoch(f[2]), epoch(f[3]),
                    f[4].split(" ")[0]));
        }
        return runs;
    }

    private static Instant epoch(String value) {
        return value.matches("\\d+") && !value.equals("0") ? Instant.ofEpochSecond(Long.parseLong(value)) : null;
    }

    /** Jobs of {@value #USER} submitted since the window began that no benchmark chain submitted. */
    private static List<String> foreignJobs(List<String> chainIds, Instant since) {
        long minutes = Duration.between(since, Instant.now()).toMinutes() + 2;
        String out = DevCluster.as("root", null, "sacct", "-X", "-P", "--noheader", "-u", USER, "-S",
                "now-" + minutes + "minutes", "--format=JobID,JobName,Comment").orThrow().stdout();
        List<String> foreign = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < 3 || f[0].isBlank()) {
                continue;
            }
            boolean ours = f[1].startsWith(JOB_NAME) || chainIds.stream().anyMatch(id -> f[2].contains("longrun:" + id));
            if (!ours) {
                foreign.add(f[0] + " " + f[1]);
            }
        }
        return foreign;
    }

    // ---------------------------------------------------------------------------------------------- report

    private static String report(Map<String, Cost> costs, SlurmRpcCounters start, SlurmRpcCounters end,
                                 SlurmRpcCounters window, Map<String, Double> before, Map<String, Double> after,
                                 Map<String, JsonNode> chains, List<JobRun> runs, List<String> foreign, int preemptors,
                                 Instant windowStart, Instant windowEnd, String pollInterval) {
        double seconds = Duration.between(windowStart, windowEnd).toMillis() / 1e3;
        double chainHours = 0;
        for (JsonNode chain : chains.values()) {
            Instant created = Instant.parse(chain.get("createdAt").asString());
            Instant ended = FINAL.contains(chain.get("state").asString()) ? Instant.parse(chain.get("updatedAt").asString())
                    : windowEnd;
            chainHours += Duration.between(created.isBefore(windowStart) ? windowStart : created,
                    ended.isAfter(windowEnd) ? windowEnd : ended).toMillis() / 3.6e6;
        }
        Map<String, Long> states = new TreeMap<>();
        chains.values().forEach(chain -> states.merge(chain.get("state").asString(), 1L, Long::sum));
        Map<String, Long> endings = new TreeMap<>();
        runs.forEach(run -> endings.merge(run.state(), 1L, Long::sum));

        // Longrun, measured: everything the benchmark user did in the window
        long longrunController = window.controller(USER);
        long longrunDbd = window.dbd(USER);
        Map<String, Double> calls = new TreeMap<>();
        for (String operation : List.of("submit", "states", "job", "cancel", "find", "ping")) {
            double count = callCount(after, operation) - callCount(before, operation);
            if (count > 0) {
                calls.put(operation, count);
            }
        }

        // the old tool, modelled on the same jobs
        int ticks = 0;
        int submissions = 0;
        for (JobRun run : runs) {
            if (run.submitted() == null || run.submitted().isBefore(windowStart) || !run.submitted().isBefore(windowEnd)) {
                continue;
            }
            submissions++;
            ticks += OldToolModel.ticks(run.submitted(), run.started(), run.ended(), TIME_LIMIT, windowStart, windowEnd);
        }
        Cost scontrol = costs.get("scontrol");
        Cost sacct = costs.get("sacct");
        Cost sbatch = costs.get("sbatch");
        double oldController = ticks * (scontrol.controller() + sacct.controller()) + submissions * sbatch.controller();
        double oldDbd = ticks * (scontrol.dbd() + sacct.dbd()) + submissions * sbatch.dbd();

        // Longrun by type: its requests to slurmrestd times each request's calibrated mix
        Map<String, Double> longrunTypes = new TreeMap<>();
        double controllerEstimate = addTypes(longrunTypes, costs.get("states"), calls.getOrDefault("states", 0.0))
                + addTypes(longrunTypes, costs.get("submit"), calls.getOrDefault("submit", 0.0))
                + addTypes(longrunTypes, costs.get("job"), calls.getOrDefault("job", 0.0));
        Cost accounting = costs.get("accounting");
        double known = calls.getOrDefault("states", 0.0) * costs.get("states").dbd()
                + calls.getOrDefault("submit", 0.0) * costs.get("submit").dbd()
                + calls.getOrDefault("job", 0.0) * costs.get("job").dbd();
        double accountingLookups = accounting.dbd() > 0 ? Math.max(0, Math.round((longrunDbd - known) / accounting.dbd())) : 0;
        double estimatedController = controllerEstimate + addTypes(longrunTypes, accounting, accountingLookups);

        StringBuilder out = new StringBuilder("# Longrun on the real dev cluster: the load it puts on Slurm\n\n");
        out.append("Machine: ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, load average ").append(loadAverage()).append(" at the end; ").append(windowStart)
                .append(". Slurm 24.11 dev cluster (one node, 8 CPUs, MinJobAge=10). Longrun: its own JVM, H2 in memory, ")
                .append("REST adapter, poll interval ").append(pollInterval)
                .append(", tick 2 s, near-end window 30 s (jobs within 30 s of their limit, or up to 3 min past it, are ")
                .append("asked about at every tick), status requests as ").append(USER).append(".\n\n");
        out.append(String.format(Locale.ROOT, "Load: %d chains as %s, 1-minute limit, %d s of checkpointed work each "
                        + "(a TIMEOUT, then a second attempt); %d preempting high-partition jobs submitted. Window %.0f s, "
                        + "%.2f chain-hours. Chains at the end: %s. Attempts: %d (%s).%n%n", chains.size(), USER,
                WORK_SECONDS, preemptors, seconds, chainHours, states, runs.size(), endings));
        if (!foreign.isEmpty()) {
            out.append("**Warning:** ").append(foreign.size()).append(" jobs of ").append(USER)
                    .append(" in the window were not the benchmark's, so its per-user counts include someone else's: ")
                    .append(foreign).append("\n\n");
        }
        if (window.anyNegative()) {
            out.append("**Warning:** a counter went down in the window (someone reset them): the figures are void.\n\n");
        }

        out.append("## Per chain-hour\n\n| | Longrun (measured: ").append(USER)
                .append("'s counters in sdiag / sacctmgr show stats) | sbatch_longrun (modelled on the same jobs) | old ÷ new |\n")
                .append("|---|---|---|---|\n");
        compare(out, "slurmctld RPCs", longrunController / chainHours, oldController / chainHours);
        compare(out, "slurmdbd RPCs", longrunDbd / chainHours, oldDbd / chainHours);
        compare(out, "all RPCs", (longrunController + longrunDbd) / chainHours, (oldController + oldDbd) / chainHours);
        out.append(String.format(Locale.ROOT, "| totals in the window | %d + %d | %.0f + %.0f | |%n", longrunController,
                longrunDbd, oldController, oldDbd));
        out.append(String.format(Locale.ROOT, "| what was done | %s requests to slurmrestd | %d ticks (sacct + scontrol "
                + "show job each), %d sbatch | |%n%n", calls, ticks, submissions));

        out.append("## By type\n\n")
                .append("Estimated from calls × each call's calibrated mix. Longrun: its requests to slurmrestd (its ")
                .append("`longrun_slurm_calls_seconds_count`); accounting lookups inferred from ").append(USER)
                .append("'s slurmdbd count (none means every job's ending was read from slurmctld). Check: estimated ")
                .append(String.format(Locale.ROOT, "%.0f slurmctld RPCs, measured %d.%n%n", estimatedController,
                        longrunController))
                .append("sbatch_longrun: per tick one scontrol show job and one sacct, per attempt one sbatch.\n\n")
                .append("| type | Longrun per chain-hour | Longrun in the window | sbatch_longrun per chain-hour | "
                        + "sbatch_longrun in the window |\n|---|---|---|---|---|\n");
        Map<String, Double> oldTypes = new TreeMap<>();
        addTypes(oldTypes, scontrol, ticks);
        addTypes(oldTypes, sacct, ticks);
        addTypes(oldTypes, sbatch, submissions);
        Set<String> allTypes = new TreeSet<>(longrunTypes.keySet());
        allTypes.addAll(oldTypes.keySet());
        for (String type : allTypes) {
            double mine = longrunTypes.getOrDefault(type, 0.0);
            double theirs = oldTypes.getOrDefault(type, 0.0);
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.1f | %.0f |%n", type, mine / chainHours, mine,
                    theirs / chainHours, theirs));
        }

        out.append("\n## What one call costs (calibrated: N calls as ").append(USER)
                .append(", difference of its counters ÷ N)\n\nBy type: all users' counters, less what reading them costs ")
                .append("(so a submission shows slurmctld's own DBD_JOB_START to slurmdbd, which is not ").append(USER)
                .append("'s).\n\n| call | N | slurmctld RPCs | slurmdbd RPCs | by type |\n")
                .append("|---|---|---|---|---|\n");
        costs.values().forEach(cost -> out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %s |%n",
                cost.call(), cost.n(), cost.controller(), cost.dbd(), types(cost))));

        out.append("\n## Every user's RPCs in the window (slurmctld / slurmdbd)\n\n")
                .append("root and slurm are the daemons (slurmd's job completions, slurmctld's accounting, and these ")
                .append("counters being read); the same for either tool.\n\n| user | slurmctld | slurmdbd |\n|---|---|---|\n");
        Map<String, long[]> users = new TreeMap<>();
        window.controllerByUser().forEach((user, count) -> users.computeIfAbsent(user, u -> new long[2])[0] = count);
        window.dbdByUser().forEach((user, count) -> users.computeIfAbsent(user, u -> new long[2])[1] = count);
        users.forEach((user, count) -> out.append("| ").append(user).append(" | ").append(count[0]).append(" | ")
                .append(count[1]).append(" |\n"));
        out.append("\nslurmctld by type, all users: ").append(window.controllerByType()).append("\n\nslurmdbd by type, all users: ")
                .append(window.dbdByType()).append('\n');
        out.append("\nsbatch_longrun model: github.com/alexthillen/slurm_longrun, slurm_longrun/runner.py `monitor`/`fetch_info` ")
                .append("and utils.py: after sbatch it sleeps 5 s, then per tick runs `sacct -j ID --format=JobID,JobName,")
                .append("State,ExitCode,Reason,Comment,Elapsed --noheader -P` and `scontrol show job ID` and sleeps ")
                .append("max(5, min(TimeLimit − RunTime, 300)) s until the state is final; replayed here on each ")
                .append("attempt's real submit/start/end times from accounting.\n");
        return out.toString();
    }

    private static double callCount(Map<String, Double> metrics, String operation) {
        double total = 0;
        for (Map.Entry<String, Double> sample : metrics.entrySet()) {
            if (sample.getKey().startsWith("longrun_slurm_calls_seconds_count{")
                    && sample.getKey().contains("operation=\"" + operation + "\"")) {
                total += sample.getValue();
            }
        }
        return total;
    }

    /**
     * Adds the RPC types of {@code calls} such calls; returns their slurmctld RPCs. Only a daemon the caller itself
     * sent RPCs to counts: a submission's DBD_JOB_START, for one, is slurmctld's own message to slurmdbd (as slurm).
     */
    private static double addTypes(Map<String, Double> into, Cost cost, double calls) {
        if (calls <= 0) {
            return 0;
        }
        if (cost.controller() > 0) {
            cost.controllerTypes().forEach((type, perCall) -> into.merge(type, perCall * calls, Double::sum));
        }
        if (cost.dbd() > 0) {
            cost.dbdTypes().forEach((type, perCall) -> into.merge(type, perCall * calls, Double::sum));
        }
        return cost.controller() > 0 ? cost.controllerTypes().values().stream().mapToDouble(Double::doubleValue).sum() * calls
                : 0;
    }

    private static String types(Cost cost) {
        List<String> parts = new ArrayList<>();
        cost.controllerTypes().forEach((type, count) -> parts.add(type + " " + String.format(Locale.ROOT, "%.2g", count)));
        cost.dbdTypes().forEach((type, count) -> parts.add(type + " " + String.format(Locale.ROOT, "%.2g", count)));
        return String.join(", ", parts);
    }

    private static void compare(StringBuilder out, String label, double longrun, double old) {
        out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %s |%n", label, longrun, old,
                longrun > 0 ? String.format(Locale.ROOT, "%.1f×", old / longrun) : "—"));
    }

    private static void log(String message) {
        LongrunProcess.log(message);
    }

    /** The machine's 1, 5 and 15 minute load averages: what else ran beside the benchmark. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }
}
