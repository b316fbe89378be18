package io.longrun.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An slurmrestd of a test class's own on the dev cluster, on a port of its own, for tests that stop and start it:
 * the main one (6820) serves every other test running side by side. Register it as a static
 * {@code @RegisterExtension} field; it skips (or fails, in CI) the class without a running cluster.
 */
public final class OwnSlurmrestd implements BeforeAllCallback, AfterAllCallback {
    private final String port;

    public OwnSlurmrestd(String port) {
        this.port = port;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        DevCluster.assumeRunning();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        DevCluster.cluster("restd", "stop", port);
    }

    public void start() {
        DevCluster.cluster("restd", "start", port).orThrow();
    }

    public void stop() {
        DevCluster.cluster("restd", "stop", port).orThrow();
    }
}
