package io.longrun.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How the command line proves who it is to the Longrun service: a bearer token ({@code LONGRUN_TOKEN}, or read
 * from {@code --token-file}/{@code LONGRUN_TOKEN_FILE}, or printed by {@code LONGRUN_TOKEN_COMMAND}, e.g.
 * {@code scontrol token lifespan=3600}, whose {@code SLURM_JWT=} prefix is dropped) and an API key
 * ({@code LONGRUN_API_KEY}, sent as {@code X-API-Key}). The token is read once per command and never printed;
 * {@link #toString()} names only where it came from.
 */
final class Credentials {
    private final String token;
    private final String apiKey;
    private final String source;

    private Credentials(String token, String apiKey, String source) {
        this.token = token;
        this.apiKey = apiKey;
        this.source = source;
    }

    static Credentials from(Map<String, String> env, String tokenFileOption) {
        String apiKey = blankToNull(env.get("LONGRUN_API_KEY"));
        String tokenFile = tokenFileOption != null ? tokenFileOption : blankToNull(env.get("LONGRUN_TOKEN_FILE"));
        if (tokenFile != null) {
            try {
                return new Credentials(strip(Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8)), apiKey,
                        "token file " + tokenFile);
            } catch (IOException e) {
                throw new UsageException("cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        }
        String token = blankToNull(env.get("LONGRUN_TOKEN"));
        if (token != null) {
            return new Credentials(strip(token), apiKey, "LONGRUN_TOKEN");
        }
        String command = blankToNull(env.get("LONGRUN_TOKEN_COMMAND"));
        if (command != null) {
            return new Credentials(strip(run(command)), apiKey, "LONGRUN_TOKEN_COMMAND");
        }
        return new Credentials(null, apiKey, apiKey == null ? "none" : "LONGRUN_API_KEY");
    }

    /** An API key only (standalone mode's engine: the key it wrote to {@code source}). */
    static Credentials apiKey(String key, String source) {
        return new Credentials(null, key, source);
    }

    /** The headers to send with every request. */
    Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (apiKey != null) {
            headers.put("X-API-Key", apiKey);
        }
        return headers;
    }

    @Override
    public String toString() {
        return "credentials from " + source;
    }

    /** {@code scontrol token} prints {@code SLURM_JWT=eyJ…}; a token file may end in a newline. */
    static String strip(String raw) {
        String value = raw.strip();
        int eq = value.indexOf('=');
        if (value.startsWith("SLURM_JWT=")) {
            value = value.substring(eq + 1);
        }
        return value.strip();
    }

    private static String run(String command) {
        try {
            Process process = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new UsageException("LONGRUN_TOKEN_COMMAND failed: " + command);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot run LONGRUN_TOKEN_COMMAND: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted while getting a token");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
