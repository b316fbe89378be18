package io.longrun.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chart's observability files (Grafana dashboard and Prometheus alert rules) and the metric
 * names their PromQL expressions use. {@link #referencedMetricNames()} is meant to be checked
 * against a running application's {@code /actuator/prometheus} output as well.
 */
public final class ObservabilityFiles {

    static final Path CHART = Path.of("helm", "longrun");
    static final Path DASHBOARD = CHART.resolve("files/longrun-dashboard.json");
    static final Path ALERTS = CHART.resolve("files/longrun-alerts.yaml");

    /** Prometheus names of the meters the application registers (Micrometer's dotted names in comments). */
    static final Set<String> APPLICATION_METRICS = Set.of(
            "longrun_chains",                                   // longrun.chains (gauge, state)
            "longrun_poll_watched_jobs",                        // longrun.poll.watched (gauge)
            "longrun_chains_ended_total",                       // longrun.chains.ended (state)
            "longrun_attempts_finished_total",                  // longrun.attempts.finished (ending)
            "longrun_resubmissions_total",                      // longrun.resubmissions (reason)
            "longrun_resubmission_latency_seconds_count",       // longrun.resubmission.latency (timer)
            "longrun_resubmission_latency_seconds_sum",
            "longrun_resubmission_latency_seconds_max",
            "longrun_resubmission_latency_seconds_bucket",
            "longrun_slurm_calls_seconds_count",                // longrun.slurm.calls (adapter, operation, outcome)
            "longrun_slurm_calls_seconds_sum",
            "longrun_slurm_calls_seconds_max",
            "longrun_slurm_calls_seconds_bucket",
            "longrun_slurm_fallback_total",                     // longrun.slurm.fallback
            "longrun_poll_cycle_seconds_count",                 // longrun.poll.cycle (timer)
            "longrun_poll_cycle_seconds_sum",
            "longrun_poll_cycle_seconds_max",
            "longrun_poll_cycle_seconds_bucket",
            "longrun_poll_last_success_seconds",                // longrun.poll.last.success (epoch seconds)
            "longrun_submissions_backoff");                     // longrun.submissions.backoff

    /** Standard Micrometer/Boot meters the files may use as well. */
    static final Set<String> STANDARD_METRICS = Set.of(
            "jvm_memory_used_bytes",
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum",
            "http_server_requests_seconds_max");

    /** Series Prometheus itself adds at scrape time; never in the application's output. */
    static final Set<String> SCRAPE_METRICS = Set.of("up");

    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan", "atan2");

    private ObservabilityFiles() {
    }

    /** Every metric name used by an expression of the dashboard or of the alert rules, sorted. */
    public static SortedSet<String> referencedMetricNames() {
        SortedSet<String> names = new TreeSet<>();
        dashboardExpressions().forEach(expr -> names.addAll(metricNames(expr)));
        alertExpressions().forEach(expr -> names.addAll(metricNames(expr)));
        return Collections.unmodifiableSortedSet(names);
    }

    /** The names {@link #referencedMetricNames()} expects in {@code /actuator/prometheus} (without {@code up}). */
    public static SortedSet<String> referencedApplicationMetricNames() {
        SortedSet<String> names = new TreeSet<>(referencedMetricNames());
        names.removeAll(SCRAPE_METRICS);
        return Collections.unmodifiableSortedSet(names);
    }

    /** Metric names of one PromQL expression: identifiers that are not functions, keywords, labels or ranges. */
    static Set<String> metricNames(String promql) {
        String s = STRING_LITERAL.matcher(promql).replaceAll("\"\"");
        s = LABEL_MATCHERS.matcher(s).replaceAll("{}");
        s = RANGES.matcher(s).replaceAll("[]");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group(1);
            if (!KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }

    static JsonNode dashboard() {
        return JsonMapper.builder().build().readTree(read(DASHBOARD));
    }

    /** The {@code expr} of every target of every panel of the dashboard. */
    static List<String> dashboardExpressions() {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    exprs.add(target.get("expr").asString());
                }
            }
        }
        return exprs;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alertRules() {
        Map<String, Object> doc = new Yaml().load(read(ALERTS));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    static List<String> alertExpressions() {
        return alertRules().stream().map(rule -> String.valueOf(rule.get("expr"))).toList();
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
