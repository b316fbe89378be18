package io.longrun.domain;

import io.longrun.domain.sbatch.ExportSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The environment a job starts with, built from a chain's <em>submitter environment</em> (what sbatch would have
 * found in its own environment: {@code longrun.job.base-environment}, then the request's {@code environment})
 * the way sbatch 24.11 applies {@code --export} (src/sbatch/sbatch.c, seen on the dev cluster):
 *
 * <ul>
 *   <li>sbatch itself sets {@code SLURM_SUBMIT_DIR} (the directory it was run in: the chain's working directory
 *       before {@code --chdir}) and, for any {@code --export} but {@code ALL}, {@code SLURM_EXPORT_ENV} (the
 *       value); both count as part of the submitter environment.</li>
 *   <li>{@code ALL} or no {@code --export}: the whole submitter environment.</li>
 *   <li>{@code NONE}: only its {@code SLURM_*} variables, plus {@code SLURM_GET_USER_ENV=1}, which makes slurmd
 *       load the user's login environment on the node when the job starts (as {@code --get-user-env}).</li>
 *   <li>{@code NIL}: only its {@code SLURM_*} variables; no login environment either.</li>
 *   <li>a list {@code A,B=1}: {@code A} if the submitter environment has it, {@code B=1}, its {@code SLURM_*}
 *       variables, and {@code SLURM_GET_USER_ENV=1}; with {@code ALL} in the list ({@code ALL,B=1}) the whole
 *       submitter environment plus {@code B=1} (and {@code SLURM_GET_USER_ENV=1}). Assignments win over the
 *       variables named or exported by ALL; {@code SLURM_*} variables of the submitter environment are merged
 *       last, so they win even over an assignment in the list, exactly as in sbatch.</li>
 * </ul>
 *
 * <p>The result is never empty unless the submitter environment is empty, there is no submit directory and the
 * export is ALL; slurmrestd refuses an empty environment (error 2019), which the {@code SLURM_LONGRUN_*}
 * variables the planner adds on top always prevent.
 */
public final class JobEnvironment {
    public static final String SUBMIT_DIR = "SLURM_SUBMIT_DIR";
    public static final String EXPORT_ENV = "SLURM_EXPORT_ENV";
    public static final String GET_USER_ENV = "SLURM_GET_USER_ENV";

    private final Map<String, String> variables;

    private JobEnvironment(Map<String, String> variables) {
        this.variables = Collections.unmodifiableMap(variables);
    }

    /**
     * @param submitter       the submitter environment, in order (base environment, then the request's)
     * @param submitDirectory where sbatch would have been run: the chain's working directory, before --chdir;
     *                        null leaves SLURM_SUBMIT_DIR out
     * @param export          the script's {@code --export}, if any
     */
    public static JobEnvironment of(Map<String, String> submitter, String submitDirectory,
                                    Optional<ExportSpec> export) {
        Objects.requireNonNull(submitter, "submitter");
        ExportSpec spec = export.orElse(ExportSpec.ALL);
        Map<String, String> seen = new LinkedHashMap<>(submitter);
        if (submitDirectory != null) {
            seen.put(SUBMIT_DIR, submitDirectory);
        }
        if (spec.kind() != ExportSpec.Kind.ALL) {
            seen.put(EXPORT_ENV, spec.toSlurmString());
        }

        Map<String, String> job = new LinkedHashMap<>();
        switch (spec.kind()) {
            case ALL:
                job.putAll(seen);
                break;
            case NONE:
                job.putAll(slurmOnly(seen));
                job.put(GET_USER_ENV, "1");
                break;
            case NIL:
                job.putAll(slurmOnly(seen));
                break;
            case LIST:
                if (spec.includeAll()) {
                    job.putAll(seen);
                }
                for (String name : spec.names()) {
                    if (seen.containsKey(name)) {
                        job.put(name, seen.get(name));
                    }
                }
                job.putAll(spec.values());
                job.putAll(slurmOnly(seen));
                job.put(GET_USER_ENV, "1");
                break;
            default:
                throw new IllegalStateException("unknown export kind " + spec.kind());
        }
        return new JobEnvironment(job);
    }

    private static Map<String, String> slurmOnly(Map<String, String> variables) {
        Map<String, String> slurm = new LinkedHashMap<>();
        variables.forEach((name, value) -> {
            if (name.startsWith("SLURM_")) {
                slurm.put(name, value);
            }
        });
        return slurm;
    }

    /** The variables, in order; unmodifiable. */
    public Map<String, String> variables() {
        return variables;
    }

    @Override
    public String toString() {
        return "JobEnvironment" + variables.keySet();
    }
}
