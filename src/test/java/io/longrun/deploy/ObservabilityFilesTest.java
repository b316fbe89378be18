package io.longrun.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Grafana dashboard and the Prometheus alert rules shipped in the Helm chart. */
class ObservabilityFilesTest {

    private static final Set<String> ALLOWED = allowed();

    private static Set<String> allowed() {
        Set<String> names = new HashSet<>(ObservabilityFiles.APPLICATION_METRICS);
        names.addAll(ObservabilityFiles.STANDARD_METRICS);
        names.addAll(ObservabilityFiles.SCRAPE_METRICS);
        return Set.copyOf(names);
    }

    @Test
    void dashboardHasADatasourceVariableOfTypePrometheus() {
        JsonNode dashboard = ObservabilityFiles.dashboard();

        assertThat(dashboard.path("title").asString()).isEqualTo("Longrun");
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        JsonNode datasource = null;
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("datasource".equals(variable.path("name").asString())) {
                datasource = variable;
            }
        }
        assertThat(datasource).as("templating variable 'datasource'").isNotNull();
        assertThat(datasource.path("type").asString()).isEqualTo("datasource");
        assertThat(datasource.path("query").asString()).isEqualTo("prometheus");
    }

    @Test
    void everyDashboardPanelHasTheDatasourceVariableAndATargetWithAnExpression() {
        JsonNode panels = ObservabilityFiles.dashboard().path("panels");
        assertThat(panels.isArray()).isTrue();
        assertThat(panels.size()).isGreaterThanOrEqualTo(12);

        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asString();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of panel %s", title).isTrue();
            assertThat(panel.path("datasource").path("type").asString()).as("datasource type of %s", title)
                    .isEqualTo("prometheus");
            assertThat(panel.path("datasource").path("uid").asString()).as("datasource of %s", title)
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets").size()).as("targets of %s", title).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asString()).as("expr of a target of %s", title).isNotBlank();
                assertThat(target.path("refId").asString()).as("refId of a target of %s", title).isNotBlank();
            }
            assertThat(panel.path("gridPos").path("w").asInt()).as("width of %s", title).isPositive();
        }
    }

    @Test
    void dashboardCoversEveryLongrunMetricFamily() {
        Set<String> used = new TreeSet<>();
        ObservabilityFiles.dashboardExpressions().forEach(expr -> used.addAll(ObservabilityFiles.metricNames(expr)));

        assertThat(used).contains(
                "longrun_chains",
                "longrun_chains_ended_total",
                "longrun_attempts_finished_total",
                "longrun_resubmissions_total",
                "longrun_resubmission_latency_seconds_bucket",
                "longrun_slurm_calls_seconds_count",
                "longrun_slurm_calls_seconds_bucket",
                "longrun_slurm_fallback_total",
                "longrun_poll_cycle_seconds_bucket",
                "longrun_poll_last_success_seconds",
                "longrun_poll_watched_jobs",
                "longrun_submissions_backoff",
                "jvm_memory_used_bytes",
                "http_server_requests_seconds_count");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertRuleHasAnExpressionASeverityAndASummary() {
        List<Map<String, Object>> rules = ObservabilityFiles.alertRules();

        assertThat(rules).extracting(rule -> rule.get("alert")).containsExactlyInAnyOrder(
                "LongrunDown",
                "LongrunPollerStalled",
                "LongrunSlurmUnreachable",
                "LongrunChainsFailingFast",
                "LongrunSubmissionsBackingUp");
        for (Map<String, Object> rule : rules) {
            Object name = rule.get("alert");
            assertThat(rule.get("expr")).as("expr of %s", name).isInstanceOf(String.class);
            assertThat((String) rule.get("expr")).as("expr of %s", name).isNotBlank();
            assertThat(String.valueOf(rule.get("for"))).as("for of %s", name).matches("\\d+[smh]");
            Map<String, Object> labels = (Map<String, Object>) rule.get("labels");
            assertThat(labels).as("labels of %s", name).isNotNull();
            assertThat(labels.get("severity")).as("severity of %s", name).isIn("critical", "warning", "info");
            Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
            assertThat(annotations).as("annotations of %s", name).isNotNull();
            assertThat((String) annotations.get("summary")).as("summary of %s", name).isNotBlank();
            assertThat((String) annotations.get("description")).as("description of %s", name).isNotBlank();
        }
    }

    @Test
    void everyReferencedMetricIsOneTheApplicationOrPrometheusExports() {
        Set<String> referenced = ObservabilityFiles.referencedMetricNames();

        assertThat(referenced).isNotEmpty();
        Set<String> unknown = new TreeSet<>(referenced);
        unknown.removeAll(ALLOWED);
        assertThat(unknown).as("metric names the application does not export").isEmpty();
        assertThat(ObservabilityFiles.referencedApplicationMetricNames()).doesNotContain("up")
                .contains("longrun_poll_last_success_seconds");
    }

    @Test
    void metricNameExtractionSkipsFunctionsLabelsRangesAndGroupings() {
        String expr = """
                histogram_quantile(0.99, sum by (le, operation) (rate(longrun_slurm_calls_seconds_bucket{job=~"$job", \
                outcome!="success"}[$__rate_interval]))) / ignoring(outcome) group_left \
                sum without (instance) (increase(longrun_chains_ended_total{state=~"FAILED|EXHAUSTED"}[1h] offset 1d)) \
                unless time() - max(longrun_poll_last_success_seconds) > 300 and on(job) vector(1) or up == 0""";

        assertThat(ObservabilityFiles.metricNames(expr)).containsExactlyInAnyOrder(
                "longrun_slurm_calls_seconds_bucket",
                "longrun_chains_ended_total",
                "longrun_poll_last_success_seconds",
                "up");
    }
}
