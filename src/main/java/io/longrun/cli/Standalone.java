package io.longrun.cli;

/**
 * Standalone mode: no Longrun service, so the engine runs on this machine (an embedded database under
 * {@code ~/.longrun}, Slurm through its command line). Loaded only when needed, so that the service mode never
 * loads Spring.
 */
final class Standalone {
    static final String ENGINE_CLASS = "io.longrun.cli.StandaloneEngine";
    static final String CLI_ADAPTER_PACKAGE = "io/longrun/adapter/out/slurm/cli/";

    private Standalone() {
    }

    static LongrunApi open(java.util.Map<String, String> env) {
        if (Standalone.class.getClassLoader().getResource(CLI_ADAPTER_PACKAGE) == null) {
            throw new UsageException("LONGRUN_URL is not set, and standalone mode (the engine on this machine,"
                    + " submitting with sbatch) is not available in this build: it needs Slurm's command-line"
                    + " adapter. Set LONGRUN_URL to a Longrun service.");
        }
        try {
            return (LongrunApi) Class.forName(ENGINE_CLASS).getDeclaredConstructor(java.util.Map.class)
                    .newInstance(env);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new LongrunApi.ApiException(0, "the standalone engine did not start: " + cause.getMessage()
                    + " (its log: ~/.longrun/logs/engine.log)");
        } catch (ReflectiveOperationException e) {
            throw new UsageException("standalone mode is not available in this build (" + e + "); set LONGRUN_URL");
        }
    }
}
