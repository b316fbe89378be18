package io.longrun.adapter.in.web;

import io.longrun.adapter.in.web.model.ChainRequestDto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The limits of a chain request that the contract's schema cannot say (bytes rather than characters, sums,
 * name rules, control characters). All errors of a request are reported at once.
 */
final class RequestLimits {
    static final int MAX_SCRIPT_BYTES = 1024 * 1024;
    static final int MAX_ARGS = 256;
    static final int MAX_SCRIPT_ARGUMENTS = 256;
    static final int MAX_SCRIPT_ARGUMENTS_BYTES = 64 * 1024;
    static final int MAX_ENVIRONMENT_ENTRIES = 128;
    static final int MAX_ENVIRONMENT_BYTES = 64 * 1024;
    static final int MAX_IDEMPOTENCY_KEY = 255;
    static final Pattern ENVIRONMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final String RESERVED_PREFIX = "SLURM_LONGRUN_";
    /** Printable ASCII, as RFC 9110 field values and what a client generates (UUIDs, hashes). */
    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private RequestLimits() {
    }

    static void check(ChainRequestDto request, String idempotencyKey) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            errors.add(error("Idempotency-Key", "1 to 255 printable ASCII characters"));
        }
        String script = request.getScript();
        if (script != null) {
            if (script.getBytes(StandardCharsets.UTF_8).length > MAX_SCRIPT_BYTES) {
                errors.add(error("script", "larger than 1 MiB"));
            }
            if (script.indexOf('\0') >= 0) {
                errors.add(error("script", "contains a NUL character"));
            }
        }
        List<String> args = request.getArgs();
        if (args != null) {
            if (args.size() > MAX_ARGS) {
                errors.add(error("args", "more than " + MAX_ARGS + " arguments"));
            }
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) == null || hasControl(args.get(i))) {
                    errors.add(error("args[" + i + "]", "missing or contains control characters"));
                }
            }
        }
        checkScriptArguments(request.getScriptArguments(), errors);
        Map<String, String> environment = request.getEnvironment();
        if (environment != null) {
            checkEnvironment(environment, errors);
        }
        String directory = request.getWorkingDirectory();
        if (directory != null && (!directory.startsWith("/") || hasControl(directory)
                || List.of(directory.split("/", -1)).contains(".."))) {
            errors.add(error("workingDirectory", "must be an absolute path without '..' or control characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    /**
     * The script's own arguments may hold anything a command line can (blanks, quotes, {@code $}, newlines), but
     * not NUL, which no argument can carry.
     */
    private static void checkScriptArguments(List<String> arguments, List<Map<String, String>> errors) {
        if (arguments == null) {
            return;
        }
        if (arguments.size() > MAX_SCRIPT_ARGUMENTS) {
            errors.add(error("scriptArguments", "more than " + MAX_SCRIPT_ARGUMENTS + " arguments"));
        }
        long bytes = 0;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument == null || argument.indexOf('\0') >= 0) {
                errors.add(error("scriptArguments[" + i + "]", "missing or contains a NUL character"));
            } else {
                bytes += argument.getBytes(StandardCharsets.UTF_8).length + 1;
            }
        }
        if (bytes > MAX_SCRIPT_ARGUMENTS_BYTES) {
            errors.add(error("scriptArguments", "larger than 64 KiB together"));
        }
    }

    private static void checkEnvironment(Map<String, String> environment, List<Map<String, String>> errors) {
        if (environment.size() > MAX_ENVIRONMENT_ENTRIES) {
            errors.add(error("environment", "more than " + MAX_ENVIRONMENT_ENTRIES + " variables"));
        }
        long bytes = 0;
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            String value = variable.getValue();
            if (!ENVIRONMENT_NAME.matcher(name).matches()) {
                errors.add(error("environment", "'" + printable(name) + "' is not a variable name"));
            } else if (name.startsWith(RESERVED_PREFIX)) {
                errors.add(error("environment", name + ": the SLURM_LONGRUN_ prefix is Longrun's own"));
            }
            if (value == null || value.indexOf('\0') >= 0) {
                errors.add(error("environment", printable(name) + ": missing value or NUL character"));
            }
            bytes += name.getBytes(StandardCharsets.UTF_8).length + 2
                    + (value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length);
        }
        if (bytes > MAX_ENVIRONMENT_BYTES) {
            errors.add(error("environment", "larger than 64 KiB together"));
        }
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** A name for a message: bounded, control characters shown as '?'. */
    private static String printable(String value) {
        String bounded = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return bounded.replaceAll("\\p{Cntrl}", "?");
    }

    private static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }
}
