package io.longrun.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Longrun as its own JVM on this test's classpath, as the benchmarks run it: started with the given Spring
 * arguments on a free port, its output in a log file, stopped on {@link #close()}. Also reads its Prometheus
 * metrics.
 */
final class LongrunProcess implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String base;

    private LongrunProcess(Process process, String base) {
        this.process = process;
        this.base = base;
    }

    /** Starts Longrun with {@code -Xmx} and the Spring arguments ({@code --server.port} is added) and waits until it is live. */
    static LongrunProcess start(String xmx, List<String> springArguments, Path log) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + xmx, "-XX:+ExitOnOutOfMemoryError"));
        // Extra JVM options, e.g. -Dbench.jvmArgs=-XX:StartFlightRecording=filename=target/bench/run.jfr
        String extra = System.getProperty("bench.jvmArgs", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath(), "io.longrun.LongrunApplication", "--server.port=" + port));
        command.addAll(springArguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LongrunProcess longrun = new LongrunProcess(process, "http://127.0.0.1:" + port);
        try {
            longrun.awaitUp(log);
        } catch (Exception e) {
            longrun.close();
            throw e;
        }
        return longrun;
    }

    String base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    /** The metrics as "name{labels}" → value (NaN and other unparsable values left out). */
    Map<String, Double> scrape() throws IOException, InterruptedException {
        return scrape(base);
    }

    static Map<String, Double> scrape(String base) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int split = line.lastIndexOf(' ');
            try {
                samples.put(line.substring(0, split).strip(), Double.parseDouble(line.substring(split + 1).strip()));
            } catch (NumberFormatException ignored) {
                // NaN and friends
            }
        }
        return samples;
    }

    /** The sum of every series whose name (with labels) starts with the prefix. */
    static double sum(Map<String, Double> samples, String prefix) {
        String bare = prefix.contains("{") ? prefix.substring(0, prefix.length() - (prefix.endsWith("}") ? 1 : 0)) : prefix;
        double total = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            String series = sample.getKey();
            if (series.equals(prefix) || series.startsWith(bare + "{") || series.startsWith(bare + ",")
                    || (prefix.contains("{") && series.startsWith(bare))) {
                total += sample.getValue();
            }
        }
        return total;
    }

    static double max(Map<String, Double> samples, String name) {
        return samples.entrySet().stream().filter(sample -> sample.getKey().startsWith(name))
                .mapToDouble(Map.Entry::getValue).max().orElse(Double.NaN);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void awaitUp(Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Longrun exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/liveness")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Longrun did not start within 3 minutes; see " + log);
    }

    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void log(String message) {
        System.out.println("[bench " + Instant.now() + "] " + message);
    }
}
