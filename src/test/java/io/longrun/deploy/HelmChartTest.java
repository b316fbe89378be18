package io.longrun.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Helm chart under {@code helm/longrun}, linted and rendered by Helm itself (helm-java bundles
 * it as a native library). Assertions are made on the parsed manifests, never on their text.
 */
@SuppressWarnings("unchecked")
class HelmChartTest {

    private static final String RELEASE = "longrun";
    private static final String NAMESPACE = "hpc";

    // --- lint -------------------------------------------------------------------------------

    @Test
    void chartPassesStrictLint() {
        LintResult result = new Helm(ObservabilityFiles.CHART).lint().strict().call();

        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    // --- defaults ---------------------------------------------------------------------------

    @Test
    void defaultsRenderTwoReplicasOnPostgresql() {
        Manifests manifests = render(Map.of());

        Map<String, Object> deployment = manifests.single("Deployment");
        assertThat(get(deployment, "spec.replicas")).isEqualTo(2);
        Map<String, Object> container = container(deployment);
        assertThat(container.get("image")).isEqualTo("longrun:0.1.0");
        assertThat(env(container)).containsEntry("SPRING_PROFILES_ACTIVE", "postgres")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgresql:5432/longrun")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "longrun")
                .containsEntry("LONGRUN_SLURM_REST_URL", "http://slurmrestd:6820")
                .doesNotContainKeys("LONGRUN_DATA_DIR", "LONGRUN_SLURM_REST_TOKEN_FILE");
        assertThat(manifests.kinds()).contains("Deployment", "Service", "ConfigMap", "ServiceAccount",
                "PodDisruptionBudget");
    }

    @Test
    void probesUseTheActuatorHealthGroupsOnTheHttpPort() {
        Map<String, Object> container = container(render(Map.of()).single("Deployment"));

        List<Map<String, Object>> ports = (List<Map<String, Object>>) container.get("ports");
        assertThat(ports).singleElement().satisfies(port -> {
            assertThat(port.get("name")).isEqualTo("http");
            assertThat(port.get("containerPort")).isEqualTo(8080);
        });
        assertThat(get(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(get(container, "livenessProbe.httpGet.port")).isEqualTo("http");
        assertThat(get(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
        assertThat(get(container, "readinessProbe.httpGet.port")).isEqualTo("http");
        assertThat(get(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
        assertThat(get(container, "startupProbe.httpGet.port")).isEqualTo("http");
        int startupSeconds = (Integer) get(container, "startupProbe.periodSeconds")
                * (Integer) get(container, "startupProbe.failureThreshold");
        assertThat(startupSeconds).as("time the startup probe allows").isBetween(110, 180);

        Map<String, Object> service = render(Map.of()).single("Service");
        List<Map<String, Object>> servicePorts = (List<Map<String, Object>>) get(service, "spec.ports");
        assertThat(servicePorts).singleElement().satisfies(port -> {
            assertThat(port.get("port")).isEqualTo(8080);
            assertThat(port.get("targetPort")).isEqualTo("http");
        });
    }

    @Test
    void podAndContainerAreLockedDown() {
        Map<String, Object> deployment = render(Map.of()).single("Deployment");
        Map<String, Object> pod = (Map<String, Object>) get(deployment, "spec.template.spec");
        Map<String, Object> container = container(deployment);

        assertThat(get(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
        assertThat(get(pod, "securityContext.runAsUser")).isEqualTo(10001);
        assertThat(get(pod, "securityContext.fsGroup")).isEqualTo(10001);
        assertThat(get(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
        assertThat(get(pod, "automountServiceAccountToken")).isEqualTo(false);
        assertThat(get(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(get(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(get(container, "securityContext.capabilities.drop")).isEqualTo(List.of("ALL"));

        assertThat(mountPath(container, "tmp")).isEqualTo("/tmp");
        assertThat(volume(deployment, "tmp")).containsKey("emptyDir");
        assertThat(get(container, "resources.requests.cpu")).isEqualTo("250m");
        assertThat(get(container, "resources.requests.memory")).isEqualTo("512Mi");
        assertThat(get(container, "resources.limits.memory")).isEqualTo("1Gi");
    }

    @Test
    void databasePasswordComesOnlyFromTheExistingSecret() {
        Map<String, Object> container = container(render(Map.of()).single("Deployment"));

        Map<String, Object> password = envVar(container, "SPRING_DATASOURCE_PASSWORD");
        assertThat(password).doesNotContainKey("value");
        assertThat(get(password, "valueFrom.secretKeyRef.name")).isEqualTo("longrun-db");
        assertThat(get(password, "valueFrom.secretKeyRef.key")).isEqualTo("password");
        assertThat(envVars(container)).filteredOn(var -> String.valueOf(var.get("name")).matches(".*(PASSWORD|TOKEN|SECRET).*"))
                .allSatisfy(var -> assertThat(var).doesNotContainKey("value"));
    }

    @Test
    void slurmJwtKeyIsAReadOnlySecretVolume() {
        Map<String, Object> deployment = render(Map.of()).single("Deployment");
        Map<String, Object> container = container(deployment);

        Map<String, Object> volume = volume(deployment, "slurm-credential");
        assertThat(get(volume, "secret.secretName")).isEqualTo("longrun-slurm-jwt");
        assertThat((List<Map<String, Object>>) get(volume, "secret.items")).singleElement()
                .isEqualTo(Map.of("key", "jwt_hs256.key", "path", "jwt_hs256.key"));
        Map<String, Object> mount = mount(container, "slurm-credential");
        assertThat(mount.get("mountPath")).isEqualTo("/etc/longrun/slurm");
        assertThat(mount.get("readOnly")).isEqualTo(true);
        assertThat(env(container)).containsEntry("LONGRUN_SLURM_REST_JWT_KEY_FILE", "/etc/longrun/slurm/jwt_hs256.key")
                .doesNotContainKey("LONGRUN_SLURM_REST_TOKEN_FILE");
    }

    @Test
    void slurmTokenIsTheAlternativeCredential() {
        Map<String, Object> deployment = render(Map.of(
                "slurm.jwtKey.existingSecret", "",
                "slurm.token.existingSecret", "longrun-slurm-token",
                "security.slurm.enabled", false)).single("Deployment");
        Map<String, Object> container = container(deployment);

        assertThat(get(volume(deployment, "slurm-credential"), "secret.secretName")).isEqualTo("longrun-slurm-token");
        assertThat((List<Map<String, Object>>) get(volume(deployment, "slurm-credential"), "secret.items"))
                .singleElement().isEqualTo(Map.of("key", "token", "path", "token"));
        assertThat(env(container)).containsEntry("LONGRUN_SLURM_REST_TOKEN_FILE", "/etc/longrun/slurm/token")
                .doesNotContainKey("LONGRUN_SLURM_REST_JWT_KEY_FILE");
    }

    @Test
    void configMapHoldsAnApplicationYmlMountedAtConfig() {
        Manifests manifests = render(Map.of("config.longrun.poll.interval", "30s"));
        Map<String, Object> configMap = manifests.named("ConfigMap", RELEASE);
        Map<String, Object> deployment = manifests.single("Deployment");
        Map<String, Object> container = container(deployment);

        Map<String, Object> applicationYml = new Yaml().load((String) get(configMap, "data.application.yml"));
        assertThat(get(applicationYml, "longrun.poll.interval")).isEqualTo("30s");
        assertThat(get(applicationYml, "server.shutdown")).isEqualTo("graceful");
        assertThat(get(volume(deployment, "config"), "configMap.name")).isEqualTo(RELEASE);
        assertThat(mountPath(container, "config")).isEqualTo("/config");
        assertThat(env(container)).containsEntry("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:/config/");
        assertThat((Map<String, Object>) get(deployment, "spec.template.metadata.annotations"))
                .containsKey("checksum/config");
    }

    @Test
    void settingsReachTheDeployment() {
        Map<String, Object> deployment = render(Map.of(
                "javaToolOptions", "-Xss512k",
                "extraEnv[0].name", "LONGRUN_POLL_INTERVAL",
                "extraEnv[0].value", "20s",
                "nodeSelector.partition", "gpu",
                "podAnnotations.team", "hpc",
                "image.repository", "registry.example.org/longrun",
                "image.tag", "1.2.3",
                "imagePullSecrets[0].name", "regcred")).single("Deployment");
        Map<String, Object> container = container(deployment);

        assertThat(env(container)).containsEntry("JAVA_TOOL_OPTIONS", "-Xss512k")
                .containsEntry("LONGRUN_POLL_INTERVAL", "20s");
        assertThat(container.get("image")).isEqualTo("registry.example.org/longrun:1.2.3");
        assertThat(get(deployment, "spec.template.spec.nodeSelector")).isEqualTo(Map.of("partition", "gpu"));
        assertThat(get(deployment, "spec.template.spec.imagePullSecrets")).isEqualTo(List.of(Map.of("name", "regcred")));
        assertThat((Map<String, Object>) get(deployment, "spec.template.metadata.annotations"))
                .containsEntry("team", "hpc");
    }

    // --- security ---------------------------------------------------------------------------

    private static Map<String, Object> applicationYml(Manifests manifests) {
        return new Yaml().load((String) get(manifests.named("ConfigMap", RELEASE), "data.application.yml"));
    }

    @Test
    void securityDefaultsRenderIntoTheApplicationYml() {
        Map<String, Object> yml = applicationYml(render(Map.of()));

        assertThat(get(yml, "longrun.security.enabled")).isEqualTo(true);
        assertThat(get(yml, "longrun.security.admins")).isEqualTo(List.of());
        assertThat(get(yml, "longrun.security.slurm.enabled")).isEqualTo(true);
        // Users' Slurm tokens are checked with the cluster key slurmrestd's tokens are minted with.
        assertThat(get(yml, "longrun.security.slurm.key-file")).isEqualTo("/etc/longrun/slurm/jwt_hs256.key");
        assertThat((Map<String, Object>) get(yml, "longrun.security.oidc"))
                .doesNotContainKeys("issuer-uri", "jwk-set-uri")
                .containsEntry("username-claim", "preferred_username")
                .containsEntry("groups-claim", "groups");
        assertThat(get(yml, "longrun.security.api-keys")).isEqualTo(List.of());
        assertThat(get(yml, "server.shutdown")).as("the rest of config is kept").isEqualTo("graceful");
    }

    @Test
    void securityValuesRenderAndTheirSecretsAreMountedReadOnly() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("security.admins[0]", "hpc-ops");
        values.put("security.slurm.existingSecret", "cluster-key");
        values.put("security.oidc.issuerUri", "https://idp.example.org/realms/hpc");
        values.put("security.oidc.audiences[0]", "longrun");
        values.put("security.oidc.usernameClaim", "uid");
        values.put("security.oidc.adminGroups[0]", "hpc-admins");
        values.put("security.apiKeys[0].name", "ood-portal");
        values.put("security.apiKeys[0].existingSecret", "longrun-api-key-ood");
        values.put("security.apiKeys[0].users[0]", "alice");
        values.put("security.apiKeys[0].users[1]", "bob");
        values.put("security.apiKeys[1].name", "ci");
        values.put("security.apiKeys[1].sha256", "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8");
        values.put("security.apiKeys[1].admin", true);
        Manifests manifests = render(values);
        Map<String, Object> yml = applicationYml(manifests);
        Map<String, Object> deployment = manifests.single("Deployment");
        Map<String, Object> container = container(deployment);

        assertThat(get(yml, "longrun.security.admins")).isEqualTo(List.of("hpc-ops"));
        assertThat(get(yml, "longrun.security.slurm.key-file")).isEqualTo("/etc/longrun/security/jwt_hs256.key");
        assertThat(get(yml, "longrun.security.oidc.issuer-uri")).isEqualTo("https://idp.example.org/realms/hpc");
        assertThat(get(yml, "longrun.security.oidc.audiences")).isEqualTo(List.of("longrun"));
        assertThat(get(yml, "longrun.security.oidc.username-claim")).isEqualTo("uid");
        assertThat(get(yml, "longrun.security.oidc.admin-groups")).isEqualTo(List.of("hpc-admins"));
        assertThat((List<Map<String, Object>>) get(yml, "longrun.security.api-keys")).containsExactly(
                Map.of("name", "ood-portal", "key-file", "/etc/longrun/api-keys/0/key", "users", List.of("alice", "bob"),
                        "admin", false),
                Map.of("name", "ci", "sha256", "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
                        "users", List.of(), "admin", true));

        assertThat(get(volume(deployment, "security-slurm-key"), "secret.secretName")).isEqualTo("cluster-key");
        assertThat((List<Map<String, Object>>) get(volume(deployment, "security-slurm-key"), "secret.items"))
                .singleElement().isEqualTo(Map.of("key", "jwt_hs256.key", "path", "jwt_hs256.key"));
        assertThat(mount(container, "security-slurm-key")).containsEntry("mountPath", "/etc/longrun/security")
                .containsEntry("readOnly", true);
        assertThat(get(volume(deployment, "api-key-0"), "secret.secretName")).isEqualTo("longrun-api-key-ood");
        assertThat((List<Map<String, Object>>) get(volume(deployment, "api-key-0"), "secret.items"))
                .singleElement().isEqualTo(Map.of("key", "key", "path", "key"));
        assertThat(mount(container, "api-key-0")).containsEntry("mountPath", "/etc/longrun/api-keys/0")
                .containsEntry("readOnly", true);
        List<Map<String, Object>> volumes = (List<Map<String, Object>>) get(deployment, "spec.template.spec.volumes");
        assertThat(volumes).extracting(v -> v.get("name")).as("a key given by its hash needs no Secret")
                .doesNotContain("api-key-1");
        assertThat((String) get(manifests.named("ConfigMap", RELEASE), "data.application.yml"))
                .as("no secret in the ConfigMap").doesNotContain("longrun-api-key-ood");
    }

    @Test
    void configStillOverridesTheSecurityValues() {
        Map<String, Object> yml = applicationYml(render(Map.of("config.longrun.security.enabled", false,
                "security.admins[0]", "hpc-ops")));

        assertThat(get(yml, "longrun.security.enabled")).isEqualTo(false);
        assertThat(get(yml, "longrun.security.admins")).isEqualTo(List.of("hpc-ops"));
    }

    @Test
    void slurmTokensNeedAKeyToBeCheckedWith() {
        Map<String, Object> tokenMode = Map.of("slurm.jwtKey.existingSecret", "",
                "slurm.token.existingSecret", "longrun-slurm-token");
        assertThatThrownBy(() -> render(tokenMode)).hasMessageContaining("security.slurm.existingSecret");

        Map<String, Object> withKey = new LinkedHashMap<>(tokenMode);
        withKey.put("security.slurm.existingSecret", "cluster-key");
        assertThat(get(applicationYml(render(withKey)), "longrun.security.slurm.key-file"))
                .isEqualTo("/etc/longrun/security/jwt_hs256.key");
    }

    @Test
    void anApiKeyNeedsExactlyOneSource() {
        assertThatThrownBy(() -> render(Map.of("security.apiKeys[0].name", "ci")))
                .hasMessageContaining("security.apiKeys[0] (ci): set existingSecret");
        assertThatThrownBy(() -> render(Map.of("security.apiKeys[0].name", "ci",
                "security.apiKeys[0].existingSecret", "k",
                "security.apiKeys[0].sha256", "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8")))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> render(Map.of("security.apiKeys[0].name", "ci",
                "security.apiKeys[0].sha256", "not-a-hash")))
                .hasMessageContaining("sha256");
        assertThatThrownBy(() -> render(Map.of("security.oidc.issuer", "https://idp.example.org")))
                .hasMessageContaining("issuer");
    }

    // --- optional resources -----------------------------------------------------------------

    @Test
    void monitoringResourcesAreOffByDefault() {
        Manifests manifests = render(Map.of());

        assertThat(manifests.ofKind("ServiceMonitor")).isEmpty();
        assertThat(manifests.ofKind("PrometheusRule")).isEmpty();
        assertThat(manifests.ofKind("ConfigMap")).noneSatisfy(configMap ->
                assertThat((Map<String, Object>) get(configMap, "metadata.labels")).containsKey("grafana_dashboard"));
    }

    @Test
    void serviceMonitorScrapesThePrometheusEndpointWhenEnabled() {
        Manifests manifests = render(Map.of("metrics.serviceMonitor.enabled", true));

        Map<String, Object> monitor = manifests.single("ServiceMonitor");
        assertThat(monitor.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) get(monitor, "spec.endpoints");
        assertThat(endpoints).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
            assertThat(endpoint.get("port")).isEqualTo("http");
        });
        Map<String, Object> serviceLabels = (Map<String, Object>) get(manifests.single("Service"), "metadata.labels");
        assertThat(serviceLabels).containsAllEntriesOf((Map<String, Object>) get(monitor, "spec.selector.matchLabels"));
        assertThat(serviceLabels).containsKey((String) get(monitor, "spec.jobLabel"));
    }

    @Test
    void prometheusRuleCarriesTheAlertsFileWhenEnabled() {
        Map<String, Object> rule = render(Map.of("metrics.prometheusRule.enabled", true)).single("PrometheusRule");

        assertThat(rule.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        List<Map<String, Object>> groups = (List<Map<String, Object>>) get(rule, "spec.groups");
        List<Object> alerts = new ArrayList<>();
        groups.forEach(group -> ((List<Map<String, Object>>) group.get("rules")).forEach(r -> alerts.add(r.get("alert"))));
        assertThat(alerts).containsExactlyInAnyOrderElementsOf(
                ObservabilityFiles.alertRules().stream().map(r -> r.get("alert")).toList());
    }

    @Test
    void alertRulesFollowTheJobNameTheServiceMonitorGives() {
        Manifests manifests = render(Map.of("nameOverride", "lr",
                "metrics.prometheusRule.enabled", true, "metrics.serviceMonitor.enabled", true));

        assertThat(get(manifests.single("Service"), "metadata.labels.app.kubernetes.io/name")).isEqualTo("lr");
        List<Map<String, Object>> groups = (List<Map<String, Object>>) get(manifests.single("PrometheusRule"), "spec.groups");
        List<String> exprs = new ArrayList<>();
        groups.forEach(group -> ((List<Map<String, Object>>) group.get("rules")).forEach(r -> exprs.add((String) r.get("expr"))));
        assertThat(exprs).allSatisfy(expr -> assertThat(expr).contains("job=\"lr\"").doesNotContain("job=\"longrun\""));
    }

    @Test
    void dashboardConfigMapIsLabelledForTheGrafanaSidecarWhenEnabled() {
        Map<String, Object> configMap = render(Map.of("metrics.dashboard.enabled", true)).named("ConfigMap", RELEASE + "-dashboard");

        assertThat((Map<String, Object>) get(configMap, "metadata.labels")).containsEntry("grafana_dashboard", "1");
        JsonMapper json = JsonMapper.builder().build();
        JsonNode rendered = json.readTree((String) get(configMap, "data.longrun-dashboard.json"));
        assertThat(rendered).isEqualTo(ObservabilityFiles.dashboard());
    }

    @Test
    void podDisruptionBudgetByDefaultButNotForASingleReplica() {
        Map<String, Object> pdb = render(Map.of()).single("PodDisruptionBudget");
        assertThat(get(pdb, "spec.minAvailable")).isEqualTo(1);
        assertThat((Map<String, Object>) get(pdb, "spec.selector.matchLabels"))
                .containsEntry("app.kubernetes.io/instance", RELEASE);

        assertThat(render(Map.of("replicaCount", 1)).ofKind("PodDisruptionBudget")).isEmpty();
        assertThat(render(Map.of("podDisruptionBudget.enabled", false)).ofKind("PodDisruptionBudget")).isEmpty();
    }

    // --- H2 ---------------------------------------------------------------------------------

    @Test
    void h2WithMoreThanOneReplicaFails() {
        assertThatThrownBy(() -> render(Map.of("database.type", "h2")))
                .hasMessageContaining("database.type=h2 allows only replicaCount: 1");
        assertThatThrownBy(() -> render(Map.of("database.type", "h2", "replicaCount", 3)))
                .hasMessageContaining("replicaCount: 1 (got 3)");
    }

    @Test
    void h2WithOneReplicaRunsWithoutPostgresql() {
        Manifests manifests = render(Map.of("database.type", "h2", "replicaCount", 1,
                "database.h2.existingClaim", "longrun-data"));
        Map<String, Object> deployment = manifests.single("Deployment");
        Map<String, Object> container = container(deployment);

        assertThat(get(deployment, "spec.replicas")).isEqualTo(1);
        assertThat(get(deployment, "spec.strategy.type")).isEqualTo("Recreate");
        assertThat(env(container)).containsEntry("LONGRUN_DATA_DIR", "/var/lib/longrun/data")
                .doesNotContainKeys("SPRING_PROFILES_ACTIVE", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD");
        assertThat(get(volume(deployment, "data"), "persistentVolumeClaim.claimName")).isEqualTo("longrun-data");
        assertThat(mountPath(container, "data")).isEqualTo("/var/lib/longrun/data");
        assertThat(manifests.ofKind("PodDisruptionBudget")).isEmpty();
    }

    // --- invalid values ---------------------------------------------------------------------

    @Test
    void neitherSlurmCredentialFails() {
        assertThatThrownBy(() -> render(Map.of("slurm.jwtKey.existingSecret", "")))
                .hasMessageContaining("no Slurm credential")
                .hasMessageContaining("exactly one of slurm.jwtKey.existingSecret")
                .hasMessageContaining("slurm.token.existingSecret");
    }

    @Test
    void bothSlurmCredentialsFail() {
        assertThatThrownBy(() -> render(Map.of("slurm.token.existingSecret", "longrun-slurm-token")))
                .hasMessageContaining("slurm.jwtKey.existingSecret and slurm.token.existingSecret are both set");
    }

    @Test
    void postgresqlWithoutPasswordSecretFails() {
        assertThatThrownBy(() -> render(Map.of("database.existingSecret", "")))
                .hasMessageContaining("database.existingSecret is required");
    }

    @Test
    void schemaRejectsUnknownKeys() {
        assertThatThrownBy(() -> render(Map.of("replicaCout", 3)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("additional properties 'replicaCout' not allowed");
        assertThatThrownBy(() -> render(Map.of("metrics.serviceMonitor.enable", true)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("at '/metrics/serviceMonitor': additional properties 'enable' not allowed");
        assertThatThrownBy(() -> render(Map.of("database.type", "mysql", "replicaCount", 1)))
                .hasMessageContaining("at '/database/type': value must be one of 'postgresql', 'h2'");
    }

    // --- helpers ----------------------------------------------------------------------------

    private static Manifests render(Map<String, Object> values) {
        TemplateCommand template = new Helm(ObservabilityFiles.CHART).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE);
        values.forEach(template::set);
        String out = template.call();
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(out)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return new Manifests(docs);
    }

    record Manifests(List<Map<String, Object>> docs) {

        List<Map<String, Object>> ofKind(String kind) {
            return docs.stream().filter(doc -> kind.equals(doc.get("kind"))).toList();
        }

        Map<String, Object> single(String kind) {
            List<Map<String, Object>> found = ofKind(kind);
            assertThat(found).as("manifests of kind %s", kind).hasSize(1);
            return found.get(0);
        }

        Map<String, Object> named(String kind, String name) {
            List<Map<String, Object>> found = ofKind(kind).stream()
                    .filter(doc -> name.equals(get(doc, "metadata.name"))).toList();
            assertThat(found).as("%s %s", kind, name).hasSize(1);
            return found.get(0);
        }

        List<Object> kinds() {
            return docs.stream().map(doc -> doc.get("kind")).toList();
        }
    }

    /** Follows a dotted path through nested maps; the last segments may contain dots (ConfigMap keys). */
    private static Object get(Map<String, Object> map, String path) {
        Object current = map;
        String rest = path;
        while (!rest.isEmpty()) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            if (m.containsKey(rest)) {
                return m.get(rest);
            }
            int dot = rest.indexOf('.');
            String key = dot < 0 ? rest : rest.substring(0, dot);
            current = m.get(key);
            rest = dot < 0 ? "" : rest.substring(dot + 1);
        }
        return current;
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = (List<Map<String, Object>>) get(deployment, "spec.template.spec.containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static List<Map<String, Object>> envVars(Map<String, Object> container) {
        return (List<Map<String, Object>>) Objects.requireNonNullElse(container.get("env"), List.of());
    }

    private static Map<String, Object> envVar(Map<String, Object> container, String name) {
        return envVars(container).stream().filter(var -> name.equals(var.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    /** Plain-value variables by name (valueFrom ones map to null). */
    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        envVars(container).forEach(var -> env.put((String) var.get("name"), var.get("value")));
        return env;
    }

    private static Map<String, Object> volume(Map<String, Object> deployment, String name) {
        List<Map<String, Object>> volumes = (List<Map<String, Object>>) get(deployment, "spec.template.spec.volumes");
        return volumes.stream().filter(v -> name.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static Map<String, Object> mount(Map<String, Object> container, String name) {
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) container.get("volumeMounts");
        return mounts.stream().filter(m -> name.equals(m.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volumeMount " + name));
    }

    private static Object mountPath(Map<String, Object> container, String name) {
        return mount(container, name).get("mountPath");
    }
}
