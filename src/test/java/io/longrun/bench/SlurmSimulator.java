package io.longrun.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Slurm for benchmarks: an HTTP server speaking the slurmrestd v0.0.42 calls Longrun makes (submit, batched
 * states, job details from slurmctld and slurmdbd, cancel, ping, job search), in the shapes recorded from the real
 * slurmrestd ({@code src/test/resources/slurmrestd/recorded}, checked by {@link SlurmSimulatorRecordingsTest}).
 *
 * <p>Every job goes PENDING → RUNNING → an ending drawn from a seeded distribution. A job whose ending is
 * older than {@code minJobAge} is gone from slurmctld's answers (404 / missing from {@code jobs/state}) and only
 * accounting knows it, as with Slurm's MinJobAge. States are computed from the clock when asked, so the simulator
 * does no work between requests. It counts requests per endpoint and measures, per chain, the time from a job's
 * ending to the next submission of the same chain ({@code SLURM_LONGRUN_CHAIN_ID} in the job's environment).
 */
public final class SlurmSimulator implements AutoCloseable {

    /** How jobs behave. Durations in milliseconds; weights need not sum to anything. */
    public record Profile(long seed, long pendingMaxMs, long runMinMs, long runMeanExtraMs, long minJobAgeMs,
                          Map<String, Integer> endingWeights, int resubmitExitCode, double resubmitExitShare,
                          boolean agedFirstAttempt) {
        /** Timeouts, preemptions, node failures, completions, failures (some asking for another attempt). */
        public static Profile defaults(long seed) {
            Map<String, Integer> weights = new TreeMap<>();
            weights.put("TIMEOUT", 45);
            weights.put("PREEMPTED", 12);
            weights.put("NODE_FAIL", 5);
            weights.put("COMPLETED", 25);
            weights.put("FAILED", 13);
            return new Profile(seed, 20_000, 120_000, 480_000, 300_000, weights, 99, 0.5, true);
        }
    }

    /** One job as slurmctld and slurmdbd know it. Times in epoch milliseconds. */
    static final class Job {
        final long id;
        final String user;
        final String name;
        final String comment;
        final String chainId;
        final long submitted;
        final long startAt;
        volatile long endAt;
        volatile String ending;
        final int exitCode;
        final long timeLimitMinutes;

        Job(long id, String user, String name, String comment, String chainId, long submitted, long startAt, long endAt,
            String ending, int exitCode, long timeLimitMinutes) {
            this.id = id;
            this.user = user;
            this.name = name;
            this.comment = comment;
            this.chainId = chainId;
            this.submitted = submitted;
            this.startAt = startAt;
            this.endAt = endAt;
            this.ending = ending;
            this.exitCode = exitCode;
            this.timeLimitMinutes = timeLimitMinutes;
        }

        String state(long now) {
            return now < startAt ? "PENDING" : now < endAt ? "RUNNING" : ending;
        }
    }

    private static final String META_CTLD = "\"meta\":{\"plugin\":{\"type\":\"openapi\\/slurmctld\",\"name\":\"Slurm OpenAPI "
            + "slurmctld\",\"data_parser\":\"data_parser\\/v0.0.42\",\"accounting_storage\":\"accounting_storage\\/slurmdbd\"},"
            + "\"client\":{\"source\":\"[localhost]:6820(fd:9)\",\"user\":\"slurm\",\"group\":\"slurm\"},\"command\":[],"
            + "\"slurm\":{\"version\":{\"major\":\"24\",\"micro\":\"5\",\"minor\":\"11\"},\"release\":\"24.11.5\","
            + "\"cluster\":\"longrun-sim\"}}";
    private static final String META_DBD = META_CTLD.replace("openapi\\/slurmctld", "openapi\\/slurmdbd")
            .replace("OpenAPI slurmctld", "OpenAPI slurmdbd");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Profile profile;
    private final Clock clock;
    private final SplittableRandom random;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong nextJobId = new AtomicLong(1000);
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    /** The latest job of each chain, to measure ending → next submission. */
    private final Map<String, Job> latestByChain = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final LongAdder jobIdsAsked = new LongAdder();
    private final List<long[]> resubmissionLatencies = new ArrayList<>();

    public SlurmSimulator(Profile profile, Clock clock, int port, int threads) throws IOException {
        this.profile = profile;
        this.clock = clock;
        this.random = new SplittableRandom(profile.seed());
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "slurm-sim");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public static SlurmSimulator start(Profile profile, int port) throws IOException {
        SlurmSimulator simulator = new SlurmSimulator(profile, Clock.systemUTC(), port, 4);
        simulator.startServer();
        return simulator;
    }

    void startServer() {
        server.start();
    }

    /** What {@code DELETE /slurm/v0.0.42/job/{id}} does, for tests. */
    void cancel(long id) {
        cancel(id, clock.millis());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Requests per endpoint so far (a copy). */
    public Map<String, Long> requestCounts() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((endpoint, count) -> counts.put(endpoint, count.sum()));
        return counts;
    }

    public long jobIdsAsked() {
        return jobIdsAsked.sum();
    }

    public long jobsSubmitted() {
        return nextJobId.get() - 1000;
    }

    /** [ending epoch ms, resubmission latency ms] pairs, for every resubmission seen so far (a copy). */
    public List<long[]> resubmissionLatencies() {
        synchronized (resubmissionLatencies) {
            return new ArrayList<>(resubmissionLatencies);
        }
    }

    /** Chains whose latest job is pending or running now. */
    public long activeChains() {
        long now = clock.millis();
        return latestByChain.values().stream().filter(job -> now < job.endAt).count();
    }

    // ---------------------------------------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (exchange.getRequestHeaders().getFirst("X-SLURM-USER-TOKEN") == null
                    && exchange.getRequestHeaders().getFirst("Authorization") == null) {
                count("unauthenticated");
                respond(exchange, 401, "text/plain", "Authentication failure");
                return;
            }
            String user = exchange.getRequestHeaders().getFirst("X-SLURM-USER-NAME");
            Answer answer = route(method, path, query, body, user == null ? "slurm" : user);
            respond(exchange, answer.status, "application/json", answer.body);
        } catch (RuntimeException e) {
            count("error");
            respond(exchange, 500, "text/plain", String.valueOf(e));
        }
    }

    record Answer(int status, String body) {
    }

    /** The routing, public to the recordings test (no HTTP needed there, but it goes through HTTP anyway). */
    Answer route(String method, String path, String query, byte[] body, String user) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (method.equals("POST") && p.equals("/slurm/v0.0.42/job/submit")) {
            count("submit");
            return submit(body, user);
        }
        if (method.equals("GET") && p.equals("/slurm/v0.0.42/jobs/state")) {
            count("jobs/state");
            return states(query);
        }
        if (method.equals("GET") && p.startsWith("/slurm/v0.0.42/job/")) {
            count("job");
            return job(parseId(p.substring("/slurm/v0.0.42/job/".length())));
        }
        if (method.equals("DELETE") && p.startsWith("/slurm/v0.0.42/job/")) {
            count("cancel");
            return cancel(parseId(p.substring("/slurm/v0.0.42/job/".length())), clock.millis());
        }
        if (method.equals("GET") && p.startsWith("/slurmdb/v0.0.42/job/")) {
            count("slurmdb/job");
            return accounting(parseId(p.substring("/slurmdb/v0.0.42/job/".length())));
        }
        if (method.equals("GET") && p.equals("/slurm/v0.0.42/ping")) {
            count("ping");
            return new Answer(200, "{\"pings\":[{\"hostname\":\"sim\",\"pinged\":\"UP\",\"responding\":true,\"latency\":100,"
                    + "\"mode\":\"primary\",\"primary\":true}]," + META_CTLD + ",\"errors\":[],\"warnings\":[]}");
        }
        if (method.equals("GET") && p.equals("/slurm/v0.0.42/jobs")) {
            count("jobs");
            return liveJobs();
        }
        if (method.equals("GET") && p.equals("/slurmdb/v0.0.42/jobs")) {
            count("slurmdb/jobs");
            return accountedJobs(query);
        }
        count("unknown");
        return new Answer(404, "{\"errors\":[{\"description\":\"Unable find requested URL\",\"error_number\":9005,"
                + "\"error\":\"Unable find requested URL\",\"source\":\"sim\"}],\"warnings\":[]}");
    }

    private Answer submit(byte[] body, String user) {
        JsonNode job = JSON.readTree(body).path("job");
        String name = job.path("name").asString("");
        String comment = job.path("comment").asString("");
        String chainId = null;
        for (JsonNode variable : job.path("environment")) {
            String text = variable.asString();
            if (text.startsWith("SLURM_LONGRUN_CHAIN_ID=")) {
                chainId = text.substring("SLURM_LONGRUN_CHAIN_ID=".length());
            }
        }
        if (!job.has("environment")) {
            return new Answer(500, "{\"job_id\":0,\"step_id\":\"\",\"job_submit_user_msg\":\"\"," + META_CTLD
                    + ",\"errors\":[{\"description\":\"Batch job submission failed\",\"error_number\":2019,"
                    + "\"error\":\"I\\/O error writing script\\/environment to file\",\"source\":\"slurm_submit_batch_job()\"}],"
                    + "\"warnings\":[]}");
        }
        JsonNode limit = job.path("time_limit");
        long limitMinutes = limit.path("set").asBoolean(false) ? limit.path("number").asLong(60) : 60;
        long now = clock.millis();
        long id = nextJobId.incrementAndGet();
        Job previous = chainId == null ? null : latestByChain.get(chainId);
        Job created;
        synchronized (random) {
            long startAt = now + (long) (random.nextDouble() * profile.pendingMaxMs());
            String ending = drawEnding();
            long limitMs = limitMinutes * 60_000;
            long runMs;
            if (ending.equals("TIMEOUT")) {
                runMs = limitMs + (long) (random.nextDouble() * 30_000);     // killed a little after the limit
            } else {
                runMs = profile.runMinMs() - (long) (Math.log(1 - random.nextDouble()) * profile.runMeanExtraMs());
                runMs = Math.min(runMs, limitMs);
            }
            if (previous == null && chainId != null && profile.agedFirstAttempt()) {
                // The first attempt looks like one already under way, so a run starts in the steady state.
                runMs = Math.max(profile.runMinMs() / 2 + 10_000, (long) (runMs * random.nextDouble()));
            }
            int exit = switch (ending) {
                case "COMPLETED" -> 0;
                case "FAILED" -> random.nextDouble() < profile.resubmitExitShare() ? profile.resubmitExitCode() : 1;
                default -> 0;
            };
            created = new Job(id, user, name, comment, chainId, now, startAt, startAt + runMs, ending, exit, limitMinutes);
        }
        jobs.put(id, created);
        if (chainId != null) {
            latestByChain.put(chainId, created);
            if (previous != null && previous.endAt <= now) {
                synchronized (resubmissionLatencies) {
                    resubmissionLatencies.add(new long[] {previous.endAt, now - previous.endAt});
                }
            }
        }
        return new Answer(200, "{\"job_id\":" + id + ",\"step_id\":\"batch\",\"job_submit_user_msg\":\"\"," + META_CTLD
                + ",\"errors\":[],\"warnings\":[]}");
    }

    private String drawEnding() {
        int total = profile.endingWeights().values().stream().mapToInt(Integer::intValue).sum();
        int roll = random.nextInt(total);
        for (Map.Entry<String, Integer> weight : profile.endingWeights().entrySet()) {
            roll -= weight.getValue();
            if (roll < 0) {
                return weight.getKey();
            }
        }
        throw new IllegalStateException();
    }

    private Answer states(String query) {
        long now = clock.millis();
        StringBuilder out = new StringBuilder(64 * 500).append("{\"jobs\":[");
        boolean first = true;
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (!parameter.startsWith("job_id=")) {
                    continue;
                }
                String value = URLDecoder.decode(parameter.substring(7), StandardCharsets.UTF_8);
                if (value.contains(",")) {
                    return new Answer(400, "Unable to parse query.");
                }
                jobIdsAsked.increment();
                Job job = jobs.get(parseId(value));
                if (job == null || purged(job, now)) {
                    continue;
                }
                out.append(first ? "" : ",").append("{\"job_id\":\"").append(job.id).append("\",\"state\":[\"")
                        .append(job.state(now)).append("\"]}");
                first = false;
            }
        }
        return new Answer(200, out.append("],").append(META_CTLD).append(",\"errors\":[],\"warnings\":[]}").toString());
    }

    private boolean purged(Job job, long now) {
        return now >= job.endAt + profile.minJobAgeMs();
    }

    private Answer job(long id) {
        long now = clock.millis();
        Job job = jobs.get(id);
        if (job == null || purged(job, now)) {
            return new Answer(404, "{\"jobs\":[],\"last_backfill\":" + noVal(0) + ",\"last_update\":" + noVal(0) + ","
                    + META_CTLD + ",\"errors\":[{\"description\":\"Unable to query JobId=" + id + "\",\"error_number\":2017,"
                    + "\"error\":\"Invalid job id specified\",\"source\":\"_handle_job_get\"}],\"warnings\":[]}");
        }
        return new Answer(200, "{\"jobs\":[" + jobInfo(job, now) + "],\"last_backfill\":" + noVal(now / 1000)
                + ",\"last_update\":" + noVal(now / 1000) + "," + META_CTLD + ",\"errors\":[],\"warnings\":[]}");
    }

    private Answer liveJobs() {
        long now = clock.millis();
        StringBuilder out = new StringBuilder("{\"jobs\":[");
        boolean first = true;
        for (Job job : jobs.values()) {
            if (!purged(job, now)) {
                out.append(first ? "" : ",").append(jobInfo(job, now));
                first = false;
            }
        }
        return new Answer(200, out.append("],\"last_backfill\":").append(noVal(now / 1000)).append(",\"last_update\":")
                .append(noVal(now / 1000)).append(',').append(META_CTLD).append(",\"errors\":[],\"warnings\":[]}").toString());
    }

    /** The slurmctld view of one job: the fields Longrun reads, and a few beside them. */
    private String jobInfo(Job job, long now) {
        String state = job.state(now);
        boolean ended = now >= job.endAt;
        boolean started = now >= job.startAt;
        return "{\"comment\":" + quote(job.comment) + ",\"exit_code\":" + exitCode(job, ended) + ",\"end_time\":"
                + noVal(ended ? job.endAt / 1000 : (started ? (job.startAt / 1000 + job.timeLimitMinutes * 60) : 0))
                + ",\"job_id\":" + job.id + ",\"job_state\":[\"" + state + "\"],\"name\":" + quote(job.name)
                + ",\"restart_cnt\":0,\"start_time\":" + noVal(started ? job.startAt / 1000 : 0)
                + ",\"state_reason\":\"" + (state.equals("TIMEOUT") ? "TimeLimit" : "None")
                + "\",\"submit_time\":" + noVal(job.submitted / 1000) + ",\"time_limit\":" + noVal(job.timeLimitMinutes)
                + ",\"user_name\":" + quote(job.user) + "}";
    }

    private static String exitCode(Job job, boolean ended) {
        boolean signaled = ended && (job.ending.equals("TIMEOUT") || job.ending.equals("CANCELLED"));
        String status = !ended ? "PENDING" : signaled ? "SIGNALED" : job.exitCode == 0 ? "SUCCESS" : "ERROR";
        return "{\"status\":[\"" + status + "\"],\"return_code\":{\"set\":" + (ended && !signaled)
                + ",\"infinite\":false,\"number\":" + (ended && !signaled ? job.exitCode : 0) + "},\"signal\":{\"id\":{\"set\":"
                + signaled + ",\"infinite\":false,\"number\":" + (signaled ? 15 : 0) + "},\"name\":\""
                + (signaled ? "TERM" : "") + "\"}}";
    }

    private Answer cancel(long id, long now) {
        Job job = jobs.get(id);
        if (job != null && now < job.endAt) {
            job.ending = "CANCELLED";
            job.endAt = now;
        }
        return new Answer(200, "{\"status\":[]," + META_CTLD + ",\"errors\":[],\"warnings\":[]}");
    }

    private Answer accounting(long id) {
        long now = clock.millis();
        Job job = jobs.get(id);
        String records = job == null ? "" : accountingRecord(job, now);
        String warnings = job == null ? "{\"description\":\"slurmdb_jobs_get() found nothing\",\"source\":\"_dump_jobs\"}" : "";
        return new Answer(200, "{\"jobs\":[" + records + "]," + META_DBD + ",\"errors\":[],\"warnings\":[" + warnings + "]}");
    }

    private Answer accountedJobs(String query) {
        long now = clock.millis();
        String user = null;
        long since = 0;
        if (query != null) {
            for (String parameter : query.split("&")) {
                String[] pair = parameter.split("=", 2);
                String value = pair.length < 2 ? "" : URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
                if (pair[0].equals("users")) {
                    user = value;
                } else if (pair[0].equals("start_time")) {
                    since = Long.parseLong(value) * 1000;
                }
            }
        }
        StringBuilder out = new StringBuilder("{\"jobs\":[");
        boolean first = true;
        for (Job job : jobs.values()) {
            if ((user == null || user.equals(job.user)) && job.submitted >= since) {
                out.append(first ? "" : ",").append(accountingRecord(job, now));
                first = false;
            }
        }
        return new Answer(200, out.append("],").append(META_DBD).append(",\"errors\":[],\"warnings\":[]}").toString());
    }

    /** The slurmdbd view of one job. */
    private String accountingRecord(Job job, long now) {
        boolean ended = now >= job.endAt;
        boolean started = now >= job.startAt;
        long start = started ? job.startAt / 1000 : 0;
        long end = ended ? job.endAt / 1000 : 0;
        return "{\"comment\":{\"administrator\":\"\",\"job\":" + quote(job.comment) + ",\"system\":\"\"},\"exit_code\":"
                + exitCode(job, ended) + ",\"job_id\":" + job.id + ",\"name\":" + quote(job.name)
                + ",\"restart_cnt\":0,\"state\":{\"current\":[\"" + job.state(now) + "\"],\"reason\":\"None\"},\"time\":{"
                + "\"elapsed\":" + (ended ? end - start : 0) + ",\"eligible\":" + job.submitted / 1000 + ",\"end\":" + end
                + ",\"limit\":" + noVal(job.timeLimitMinutes) + ",\"start\":" + start + ",\"submission\":"
                + job.submitted / 1000 + ",\"suspended\":0},\"user\":" + quote(job.user) + "}";
    }

    private static String noVal(long number) {
        return "{\"set\":true,\"infinite\":false,\"number\":" + number + "}";
    }

    private static String quote(String text) {
        return JSON.writeValueAsString(text == null ? "" : text);
    }

    private static long parseId(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void count(String endpoint) {
        requests.computeIfAbsent(endpoint, key -> new LongAdder()).increment();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
