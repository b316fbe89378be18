package io.longrun.bench;

import io.longrun.support.Postgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The scale benchmark (issue 8): Longrun as its own process (this test's classpath, {@code -Xmx512m}) against
 * the {@link SlurmSimulator}, on H2 and on PostgreSQL, at 1,000 and 10,000 active chains. Not part of
 * {@code mvn verify}; run it with
 * {@code mvn test -Dtest=LongrunBenchmark -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false}
 * and, optionally, {@code -Dbench.scenarios=h2:1000,postgres:1000} {@code -Dbench.window=180}.
 * Prints a table and writes it to {@code target/bench/results.md}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class LongrunBenchmark {
    private static final Path OUT = Path.of("target/bench");
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(10);

    private final HttpClient http = LongrunProcess.HTTP;

    record Result(String database, int chains, double postPerSecond, long postErrors, double requestsPerCycle,
                  double stateRequestsPerCycle, double otherRequestsPerCycle, long fullCycles, double endingsPerCycle,
                  double cycleP50, double cycleP99, double cycleMax, double resubP50, double resubP99, double resubMax,
                  long resubmissions, double completedPerMinute, double activeAtEnd, double heapMaxMiB,
                  double heapCommittedMiB, double rssMaxMiB, double getRps, double getP50, double getP99, long getErrors,
                  Map<String, Long> requestsByEndpoint, double windowSeconds, CpuUse postCpu) {
    }

    /**
     * Over a stretch of the chains' creation: the POST rate, and the cores in use meanwhile — Longrun's, the
     * benchmark's own (clients, simulator), the machine's.
     */
    record CpuUse(double postsPerSecond, double longrunCores, double benchmarkCores, double machineCores,
                  double longrunMsPerPost) {
    }

    /** The clock and the CPU seconds used so far by Longrun, by this JVM and by the machine. */
    record CpuMark(long nanos, double longrun, double benchmark, double machine) {
        static CpuMark now(long longrunPid) {
            return new CpuMark(System.nanoTime(), cpuSeconds(longrunPid), cpuSeconds(ProcessHandle.current().pid()),
                    machineBusySeconds());
        }

        double secondsSince(CpuMark start) {
            return (nanos - start.nanos) / 1e9;
        }

        CpuUse usedSince(CpuMark start, int posts) {
            double seconds = secondsSince(start);
            return new CpuUse(posts / seconds, (longrun - start.longrun) / seconds,
                    (benchmark - start.benchmark) / seconds, (machine - start.machine) / seconds,
                    1000 * (longrun - start.longrun) / posts);
        }
    }

    /** CPU seconds a process has used (user + system), from /proc; NaN where /proc is not there. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException unavailable) {
            return Double.NaN;
        }
    }

    /** CPU seconds the whole machine has been busy (all but idle and iowait), from /proc/stat. */
    static double machineBusySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(fields[i]);
            }
            return busy / 100.0;
        } catch (IOException | RuntimeException unavailable) {
            return Double.NaN;
        }
    }

    @Test
    void run() throws Exception {
        Files.createDirectories(OUT);
        List<Result> results = new ArrayList<>();
        for (String scenario : System.getProperty("bench.scenarios", "h2:1000,h2:10000,postgres:1000,postgres:10000")
                .split(",")) {
            String[] parts = scenario.strip().split(":");
            Result result = scenario(parts[0], Integer.parseInt(parts[1]));
            results.add(result);
            String table = table(results);
            Files.writeString(OUT.resolve("results.md"), table);
            System.out.println(table);
        }
    }

    private Result scenario(String database, int chains) throws Exception {
        long windowSeconds = Long.getLong("bench.window", 180);
        int clients = Integer.getInteger("bench.clients", 16);
        String name = database + "-" + chains;
        log(name + ": starting");
        try (SlurmSimulator slurm = SlurmSimulator.start(SlurmSimulator.Profile.defaults(Long.getLong("bench.seed", 42)), 0)) {
            Path work = Files.createTempDirectory("longrun-bench-");
            Path key = work.resolve("jwt_hs256.key");
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Files.write(key, secret);
            List<String> arguments = new ArrayList<>(List.of("--longrun.data-dir=" + work.resolve("data"),
                    "--longrun.security.enabled=false", "--longrun.slurm.adapter=rest",
                    "--longrun.slurm.rest.url=" + slurm.url(), "--longrun.slurm.rest.jwt-key-file=" + key,
                    "--longrun.poll.interval=" + POLL_INTERVAL.toSeconds() + "s",
                    "--management.metrics.distribution.percentiles-histogram.longrun.poll.cycle=true",
                    "--management.metrics.distribution.percentiles-histogram.longrun.resubmission.latency=true"));
            if (database.equals("postgres")) {
                arguments.add("--spring.profiles.active=postgres");
                arguments.add("--spring.datasource.url=" + Postgres.freshDatabase("bench"));
            }
            // Extra settings for Longrun, e.g. -Dbench.longrunArgs=--longrun.poll.handler-threads=16
            String extra = System.getProperty("bench.longrunArgs", "").strip();
            if (!extra.isEmpty()) {
                arguments.addAll(List.of(extra.split("\\s+")));
            }
            try (LongrunProcess longrun = LongrunProcess.start(System.getProperty("bench.xmx", "512m"), arguments,
                    OUT.resolve(name + ".log"))) {
                String base = longrun.base();
                log(name + ": Longrun up (pid " + longrun.pid() + ")");

                // 1. POST /chains from concurrent clients: the chains themselves.
                List<String> ids = Collections.synchronizedList(new ArrayList<>());
                AtomicInteger next = new AtomicInteger();
                AtomicLong postErrors = new AtomicLong();
                // The second half is the sustained rate: the first runs on a JVM still compiling its hot paths.
                CpuMark postStart = CpuMark.now(longrun.pid());
                AtomicInteger created = new AtomicInteger();
                AtomicReference<CpuMark> halfway = new AtomicReference<>();
                Thread[] posters = new Thread[clients];
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    posters[c] = new Thread(() -> {
                        SplittableRandom random = new SplittableRandom(client);
                        while (next.getAndIncrement() < chains) {
                            try {
                                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/chains"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(chainRequest(random))).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() == 201) {
                                    ids.add(idOf(response.body()));
                                    if (created.incrementAndGet() == chains / 2) {
                                        halfway.set(CpuMark.now(longrun.pid()));
                                    }
                                } else {
                                    postErrors.incrementAndGet();
                                }
                            } catch (Exception e) {
                                postErrors.incrementAndGet();
                            }
                        }
                    });
                    posters[c].start();
                }
                for (Thread poster : posters) {
                    poster.join();
                }
                CpuMark postEnd = CpuMark.now(longrun.pid());
                double postPerSecond = ids.size() / postEnd.secondsSince(postStart);
                CpuMark half = halfway.get() != null ? halfway.get() : postStart;
                CpuUse postCpu = postEnd.usedSince(half, ids.size() - (half == postStart ? 0 : chains / 2));
                log(String.format(Locale.ROOT, "%s: %d chains created, %.0f POST/s (second half %.0f/s), %d errors",
                        name, ids.size(), postPerSecond, postCpu.postsPerSecond(), postErrors.get()));

                // 2. Settle: every chain submitted, then one poll interval and a tick.
                long deadline = System.currentTimeMillis() + 300_000;
                while (slurm.jobsSubmitted() < ids.size() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                }
                Thread.sleep(POLL_INTERVAL.toMillis() + 2_000);

                // 3. The measured window: the engine at work, GET /chains/{id} at 200 rps for part of it.
                Map<String, Double> before = scrape(base);
                Map<String, Long> requestsBefore = slurm.requestCounts();
                int latenciesBefore = slurm.resubmissionLatencies().size();
                long windowStart = System.nanoTime();
                Sampler sampler = new Sampler(base, longrun.pid());
                sampler.start();
                GetLoad get = new GetLoad(base, ids, Integer.getInteger("bench.getRps", 200),
                        Math.min(windowSeconds, Long.getLong("bench.getSeconds", 60)));
                get.run();
                long remaining = windowSeconds * 1_000 - (System.nanoTime() - windowStart) / 1_000_000;
                if (remaining > 0) {
                    Thread.sleep(remaining);
                }
                double window = (System.nanoTime() - windowStart) / 1e9;
                Map<String, Double> after = scrape(base);
                Map<String, Long> requestsAfter = slurm.requestCounts();
                sampler.stop();
                List<long[]> latencies = slurm.resubmissionLatencies();
                List<Long> resub = new ArrayList<>();
                for (long[] latency : latencies.subList(latenciesBefore, latencies.size())) {
                    resub.add(latency[1]);
                }
                Collections.sort(resub);

                Map<String, Long> delta = new TreeMap<>();
                requestsAfter.forEach((endpoint, count) -> delta.put(endpoint, count - requestsBefore.getOrDefault(endpoint, 0L)));
                long total = delta.values().stream().mapToLong(Long::longValue).sum();
                long states = delta.getOrDefault("jobs/state", 0L);
                double cycles = sum(after, "longrun_poll_cycle_seconds_count") - sum(before, "longrun_poll_cycle_seconds_count");
                double endings = sum(after, "longrun_attempts_finished_total") - sum(before, "longrun_attempts_finished_total");
                double ended = sum(after, "longrun_chains_ended_total") - sum(before, "longrun_chains_ended_total");
                Map<Double, Double> buckets = bucketDelta(before, after, "longrun_poll_cycle_seconds_bucket");
                // The gauge is the longest cycle of the last few minutes: the window's, near enough.
                double cycleMax = max(after, "longrun_poll_cycle_seconds_max");
                Result result = new Result(database, chains, postPerSecond, postErrors.get(), total / cycles,
                        states / cycles, (total - states) / cycles, (long) cycles, endings / cycles,
                        Math.min(quantile(buckets, 0.5), cycleMax), Math.min(quantile(buckets, 0.99), cycleMax), cycleMax,
                        percentile(resub, 0.5) / 1e3, percentile(resub, 0.99) / 1e3,
                        resub.isEmpty() ? Double.NaN : resub.get(resub.size() - 1) / 1e3, resub.size(),
                        ended / (window / 60), sum(after, "longrun_chains{state=\"ACTIVE\"}"),
                        sampler.heapMax / 1048576.0, sampler.liveMax / 1048576.0, sampler.rssMaxKb / 1024.0,
                        get.achievedRps(), get.percentile(0.5), get.percentile(0.99), get.errors.get(), delta, window, postCpu);
                log(name + ": " + result);
                return result;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- load

    /** A chain whose jobs have a 10 to 60 minute limit; restarts are plentiful, so chains end by their endings. */
    private static String chainRequest(SplittableRandom random) {
        int minutes = 10 + random.nextInt(51);
        String script = "#!/bin/bash\\n#SBATCH --job-name=bench --time=" + minutes + "\\nsrun ./simulate\\n";
        return "{\"user\":\"bench\",\"script\":\"" + script + "\",\"maxRestarts\":1000}";
    }

    private static String idOf(String body) {
        Matcher matcher = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return matcher.group(1);
    }

    /** Open-loop GET /chains/{id} at a fixed rate: latency from the moment each request is sent. */
    final class GetLoad {
        final String base;
        final List<String> ids;
        final int rps;
        final long seconds;
        final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        final AtomicLong errors = new AtomicLong();
        double elapsed;

        GetLoad(String base, List<String> ids, int rps, long seconds) {
            this.base = base;
            this.ids = List.copyOf(ids);
            this.rps = rps;
            this.seconds = seconds;
        }

        void run() throws InterruptedException {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            SplittableRandom random = new SplittableRandom(7);
            int total = (int) (rps * seconds);
            CountDownLatch done = new CountDownLatch(total);
            AtomicInteger sent = new AtomicInteger();
            long start = System.nanoTime();
            timer.scheduleAtFixedRate(() -> {
                if (sent.getAndIncrement() >= total) {
                    return;
                }
                String id = ids.get(random.nextInt(ids.size()));
                long t0 = System.nanoTime();
                http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/chains/" + id)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                            if (failure != null || response.statusCode() != 200) {
                                errors.incrementAndGet();
                            } else {
                                latencies.add(System.nanoTime() - t0);
                            }
                            done.countDown();
                        });
            }, 0, 1_000_000_000L / rps, TimeUnit.NANOSECONDS);
            done.await(seconds + 60, TimeUnit.SECONDS);
            elapsed = (System.nanoTime() - start) / 1e9;
            timer.shutdownNow();
        }

        double achievedRps() {
            return (latencies.size() + errors.get()) / elapsed;
        }

        double percentile(double q) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return LongrunBenchmark.percentile(sorted, q) / 1e6;
        }
    }

    /** Heap (Micrometer) and RSS (/proc) every 2 s. */
    final class Sampler {
        final String base;
        final long pid;
        volatile boolean running = true;
        volatile double heapMax;
        volatile double liveMax;
        volatile long rssMaxKb;
        Thread thread;

        Sampler(String base, long pid) {
            this.base = base;
            this.pid = pid;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        Map<String, Double> metrics = scrape(base);
                        heapMax = Math.max(heapMax, sum(metrics, "jvm_memory_used_bytes{area=\"heap\""));
                        liveMax = Math.max(liveMax, sum(metrics, "jvm_memory_committed_bytes{area=\"heap\""));
                        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                            if (line.startsWith("VmRSS:")) {
                                rssMaxKb = Math.max(rssMaxKb, Long.parseLong(line.replaceAll("\\D", "")));
                            }
                        }
                        Thread.sleep(2_000);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception ignored) {
                        // a missed sample
                    }
                }
            }, "bench-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(5_000);
        }
    }

    // ---------------------------------------------------------------------------------------------- metrics

    private Map<String, Double> scrape(String base) throws IOException, InterruptedException {
        return LongrunProcess.scrape(base);
    }

    private static double sum(Map<String, Double> samples, String prefix) {
        return LongrunProcess.sum(samples, prefix);
    }

    private static double max(Map<String, Double> samples, String name) {
        return LongrunProcess.max(samples, name);
    }

    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    /** Cumulative bucket counts (upper bound → count) of a histogram, after minus before, tags summed. */
    private static Map<Double, Double> bucketDelta(Map<String, Double> before, Map<String, Double> after, String name) {
        Map<Double, Double> buckets = new TreeMap<>();
        after.forEach((series, value) -> {
            if (series.startsWith(name + "{")) {
                Matcher le = LE.matcher(series);
                if (le.find()) {
                    double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                    buckets.merge(bound, value - before.getOrDefault(series, 0.0), Double::sum);
                }
            }
        });
        return buckets;
    }

    /** A quantile from cumulative buckets, interpolated within its bucket. */
    private static double quantile(Map<Double, Double> buckets, double q) {
        double total = buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        double wanted = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (bucket.getValue() >= wanted) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double share = bucket.getValue() == lowerCount ? 1 : (wanted - lowerCount) / (bucket.getValue() - lowerCount);
                return lowerBound + share * (bucket.getKey() - lowerBound);
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }

    static double percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    // ---------------------------------------------------------------------------------------------- report

    static String table(List<Result> results) {
        StringBuilder out = new StringBuilder("# Longrun scale benchmark\n\n")
                .append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.version")).append("; ").append(Instant.now())
                .append(". Longrun: its own JVM, -Xmx").append(System.getProperty("bench.xmx", "512m"))
                .append(", poll interval 10 s, tick 2 s, status batch 500. Simulator, load and Longrun share the machine.\n\n")
                .append("| | ");
        for (Result result : results) {
            out.append(result.database()).append(", ").append(String.format(Locale.ROOT, "%,d", result.chains()))
                    .append(" chains | ");
        }
        out.append("target (10,000) |\n|---|");
        results.forEach(result -> out.append("---|"));
        out.append("---|\n");
        row(out, results, "slurmrestd requests per full poll cycle (all)", r -> f1(r.requestsPerCycle()), "≤ 25");
        row(out, results, "… of which batched `jobs/state`", r -> f1(r.stateRequestsPerCycle()), "");
        row(out, results, "… of which per ending (job details, submit)", r -> f1(r.otherRequestsPerCycle()), "");
        row(out, results, "job endings per poll cycle", r -> f1(r.endingsPerCycle()), "");
        row(out, results, "full poll cycles in the window", r -> Long.toString(r.fullCycles()), "");
        row(out, results, "poll cycle p50 / p99 / max (s)", r -> f2(r.cycleP50()) + " / " + f2(r.cycleP99()) + " / "
                + f2(r.cycleMax()), "≤ 2 s");
        row(out, results, "ending → new job accepted p50 / p99 / max (s)", r -> f1(r.resubP50()) + " / " + f1(r.resubP99())
                + " / " + f1(r.resubMax()) + " (n=" + r.resubmissions() + ")", "p99 ≤ 12 s");
        row(out, results, "chains ended per minute", r -> f1(r.completedPerMinute()), "");
        row(out, results, "active chains at the end", r -> String.format(Locale.ROOT, "%,.0f", r.activeAtEnd()), "");
        row(out, results, "heap used max / committed max (MiB)", r -> f0(r.heapMaxMiB()) + " / " + f0(r.heapCommittedMiB()),
                "≤ 512");
        row(out, results, "RSS max (MiB)", r -> f0(r.rssMaxMiB()), "");
        row(out, results, "POST /chains per second (16 clients)", r -> f0(r.postPerSecond())
                + (r.postErrors() > 0 ? " (" + r.postErrors() + " errors)" : ""), "≥ 300");
        row(out, results, "… the second 50 %: POST/s; cores busy (Longrun / benchmark's clients and simulator / machine); "
                + "Longrun CPU per POST", r -> f0(r.postCpu().postsPerSecond()) + "/s; " + f1(r.postCpu().longrunCores())
                + " / " + f1(r.postCpu().benchmarkCores()) + " / " + f1(r.postCpu().machineCores()) + "; "
                + f1(r.postCpu().longrunMsPerPost()) + " ms", "");
        row(out, results, "GET /chains/{id} at 200 rps: achieved rps, p50 / p99 (ms)", r -> f0(r.getRps()) + " rps, "
                + f1(r.getP50()) + " / " + f1(r.getP99()) + (r.getErrors() > 0 ? " (" + r.getErrors() + " errors)" : ""),
                "p99 ≤ 20 ms");
        row(out, results, "window (s); requests by endpoint", r -> f0(r.windowSeconds()) + "; "
                + r.requestsByEndpoint().toString().replace("=", ": "), "");
        out.append("\nsbatch_longrun's monitor per chain (sacct + scontrol show job per tick, 5 to 300 s apart; 3 slurmdbd and 2 "
                + "slurmctld RPCs, as RealClusterLoadBenchmark measures) would be 2 × chains commands per tick: ");
        results.forEach(result -> out.append(String.format(Locale.ROOT, "%,d for %,d chains; ", 2 * result.chains(),
                result.chains())));
        return out.append('\n').toString();
    }

    private static void row(StringBuilder out, List<Result> results, String label,
                            java.util.function.Function<Result, String> cell, String target) {
        out.append("| ").append(label).append(" | ");
        results.forEach(result -> out.append(cell.apply(result)).append(" | "));
        out.append(target).append(" |\n");
    }

    private static String f0(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String f1(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String f2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static void log(String message) {
        LongrunProcess.log(message);
    }
}
