package io.longrun.domain;

import java.util.Map;

/**
 * What a chain's jobs get when the request and the script say nothing.
 *
 * @param baseEnvironment         the variables every job starts with (slurmrestd needs an explicit environment)
 * @param workingDirectoryPattern the working directory; {@code {user}} is replaced by the Slurm user
 */
public record JobDefaults(Map<String, String> baseEnvironment, String workingDirectoryPattern) {

    public JobDefaults {
        baseEnvironment = Map.copyOf(baseEnvironment);
    }

    public String workingDirectoryFor(String user) {
        return workingDirectoryPattern.replace("{user}", user);
    }
}
